import KubernetesController
import Testing

@Suite struct TestClockTests {
    @Test func sleepersWakeInDeadlineOrderWhenTimeIsAdvanced() async throws {
        let clock = TestClock()
        let order = Locked<[Int]>([])
        await withThrowingTaskGroup(of: Void.self) { group in
            for seconds in [3, 1, 2] {
                group.addTask {
                    try await clock.sleep(for: .seconds(seconds))
                    order.withLock { $0.append(seconds) }
                }
            }
            await clock.waitForSleepers(atLeast: 3)
            clock.advance(by: .seconds(5))
        }
        #expect(Set(order.withLock { $0 }) == [1, 2, 3])
        #expect(clock.sleeperCount == 0)
    }

    @Test func cancellingASleeperWakesItWithCancellationError() async {
        let clock = TestClock()
        let result = await withTaskGroup(of: String.self) { group in
            group.addTask {
                do {
                    try await clock.sleep(for: .seconds(60))
                    return "woke"
                } catch {
                    return "\(type(of: error))"
                }
            }
            await clock.waitForSleepers(atLeast: 1)
            group.cancelAll()
            return await group.next() ?? ""
        }
        #expect(result == "CancellationError")
        #expect(clock.sleeperCount == 0)
    }
}
