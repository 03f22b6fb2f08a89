import KubernetesController
import Synchronization
import Testing

@Suite struct WorkQueueTests {
    @Test func addsOfAQueuedKeyAreDeduplicated() async {
        let queue = WorkQueue<String>(clock: TestClock())
        for _ in 0..<5 { queue.add("a") }
        queue.add("b")
        #expect(queue.depth == 2)
        let first = await queue.next()
        let second = await queue.next()
        #expect([first?.key, second?.key] == ["a", "b"])
        #expect(queue.depth == 0)
    }

    @Test func aKeyChangedWhileProcessingIsProcessedOnceMoreAfterwards() async {
        let queue = WorkQueue<String>(clock: TestClock())
        queue.add("a")
        let taken = await queue.next()
        #expect(taken?.key == "a")
        queue.add("a")
        queue.add("a")
        #expect(queue.depth == 0, "a key being processed is not handed out again")
        queue.done("a")
        #expect(queue.depth == 1)
        let again = await queue.next()
        #expect(again?.key == "a")
        queue.done("a")
        #expect(queue.depth == 0, "two adds during processing give one more pass, not two")
    }

    @Test func concurrentWorkersNeverProcessTheSameKeyAtOnce() async {
        let queue = WorkQueue<Int>(clock: TestClock())
        let active = Locked<(current: Set<Int>, overlaps: Int, processed: Int)>(([], 0, 0))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    while let (key, _) = await queue.next() {
                        active.withLock { state in
                            if !state.current.insert(key).inserted { state.overlaps += 1 }
                        }
                        await Task.yield()
                        // Another change to the same key arrives mid-reconcile.
                        if Int.random(in: 0..<3) == 0 { queue.add(key) }
                        await Task.yield()
                        active.withLock { state in
                            state.current.remove(key)
                            state.processed += 1
                        }
                        queue.done(key)
                    }
                }
            }
            group.addTask {
                for round in 0..<400 {
                    queue.add(round % 5)
                    await Task.yield()
                }
                // Let the workers drain, then stop them.
                while queue.depth > 0 || queue.processingCount > 0 { await Task.yield() }
                queue.shutDown()
            }
        }
        let result = active.withLock { $0 }
        #expect(result.overlaps == 0)
        #expect(result.processed >= 5)
    }

    @Test func failuresBackOffExponentiallyFrom5msTo1000sWithJitter() {
        let queue = WorkQueue<String>(rateLimit: TokenBucket(ratePerSecond: 1e9, burst: 1_000_000), clock: TestClock())
        var delays: [Duration] = []
        for _ in 0..<30 { delays.append(queue.addRateLimited("a")) }
        for (index, delay) in delays.prefix(10).enumerated() {
            let ceiling = Duration.milliseconds(5) * (1 << index)
            #expect(delay <= ceiling && delay >= ceiling * 0.8, "attempt \(index + 1): \(delay) not within 80-100% of \(ceiling)")
        }
        #expect(delays.last! <= .seconds(1000) && delays.last! >= .seconds(800))
        #expect(queue.failureCount("a") == 30)
        queue.forget("a")
        #expect(queue.addRateLimited("a") <= .milliseconds(5))
    }

    @Test func theOverallRateLimitSpreadsMassFailures() {
        let queue = WorkQueue<Int>(clock: TestClock())
        let delays = (0..<150).map { queue.addRateLimited($0) }
        #expect(delays.prefix(100).allSatisfy { $0 <= .milliseconds(5) }, "the burst of 100 goes at once")
        // Beyond the burst, retries are paced at 10 per second.
        #expect(delays[149] >= .seconds(4.9))
        #expect(delays[110] >= .seconds(1))
    }

    @Test func delayedKeysBecomeReadyWhenTheClockReachesTheirDeadline() async {
        let clock = TestClock()
        let queue = WorkQueue<String>(clock: clock)
        queue.add("later", after: .seconds(10))
        queue.add("sooner", after: .seconds(2))
        #expect(queue.depth == 2)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await queue.runTimer() }
            await clock.waitForSleepers(atLeast: 1)
            clock.advance(by: .seconds(2))
            let first = await queue.next()
            #expect(first?.key == "sooner")
            clock.advance(by: .seconds(8))
            let second = await queue.next()
            #expect(second?.key == "later")
            queue.shutDown()
        }
    }

    @Test func anImmediateAddOvertakesADelayedOne() async {
        let queue = WorkQueue<String>(clock: TestClock())
        queue.add("a", after: .seconds(60))
        queue.add("a")
        let item = await queue.next()
        #expect(item?.key == "a")
        queue.done("a")
        #expect(queue.depth == 0, "the delayed entry was superseded, not kept as a duplicate")
    }

    @Test func memoryStaysBoundedUnderRepeatedRescheduling() {
        let queue = WorkQueue<Int>(clock: TestClock())
        // Each key is rescheduled to ever earlier deadlines: the stale heap entries must be compacted.
        for round in 0..<200 {
            for key in 0..<10 { queue.add(key, after: .seconds(10_000 - round)) }
        }
        #expect(queue.depth == 10)
        #expect(queue.delayedEntryCount <= 2 * 10 + 64 + 10)
    }

    @Test func shutDownReleasesWaitingWorkers() async {
        let queue = WorkQueue<String>(clock: TestClock())
        await withTaskGroup(of: String?.self) { group in
            group.addTask { await queue.next()?.key }
            group.addTask {
                queue.shutDown()
                return "shut"
            }
            var results: [String?] = []
            for await result in group { results.append(result) }
            #expect(results.filter { $0 == nil }.count == 1, "the waiting worker got nil instead of hanging")
        }
        let afterShutdown = await queue.next()
        #expect(afterShutdown == nil)
    }
}
