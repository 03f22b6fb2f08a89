import Testing
@testable import KafkaBalance

@Suite("Execution batches")
struct ExecutionPlannerTests {
    static func plan() throws -> RebalancePlan {
        let cluster = ClusterGenerator.make(ClusterShape(brokers: 12, racks: 3, topics: 6, partitionsPerTopic: 40,
                                                         replicationFactor: 3, emptyBrokers: 6, skewedSizes: true), seed: 9)
        return try RebalancePlanner.plan(cluster, goals: BalanceGoals(mode: .full))
    }

    @Test("batches respect concurrency, per-broker and bytes-in-flight limits and cover every move")
    func limits() throws {
        let plan = try Self.plan()
        let options = ExecutionOptions(maxConcurrentMoves: 7, maxMovesPerBroker: 2, maxBytesInFlight: 20_000_000,
                                       minInSyncReplicas: 2)
        let execution = try ExecutionPlanner.plan(plan, options: options)
        var finalReplicas: [Int: [Int32]] = [:]
        for batch in execution.batches {
            #expect(batch.count <= 7)
            let bytes = batch.reduce(Int64(0)) { $0 + $1.bytesToCopy }
            #expect(bytes <= 20_000_000 || batch.count == 1)
            var perBroker: [Int32: Int] = [:]
            for step in batch { for b in ExecutionPlanner.brokersInvolved(step) { perBroker[b, default: 0] += 1 } }
            #expect(perBroker.values.allSatisfy { $0 <= 2 })
            #expect(Set(batch.map(\.moveIndex)).count == batch.count, "a partition twice in one batch")
            for step in batch { finalReplicas[step.moveIndex] = step.to }
        }
        #expect(finalReplicas.count == plan.moves.count)
        for (i, move) in plan.moves.enumerated() { #expect(finalReplicas[i] == move.after) }
        #expect(execution.throttleBytesPerSecond >= ExecutionPlanner.minimumThrottle)
    }

    @Test("every step keeps min.insync.replicas replicas that were in sync, in order")
    func minInSyncOrdering() throws {
        let move = PartitionMove(partitionIndex: 0, topic: "t", partition: 0, before: [1, 2, 3], after: [4, 5, 6],
                                 bytesToCopy: 300, produceBytesPerSecond: nil)
        let steps = ExecutionPlanner.steps(of: move, index: 0, minInSync: 2)
        #expect(steps.count == 3)
        var current: [Int32] = [1, 2, 3]
        for step in steps {
            #expect(step.from == current)
            #expect(Set(step.to).intersection(current).count >= 2)
            #expect(step.bytesToCopy == 100)
            current = step.to
        }
        #expect(current == [4, 5, 6])
        // With min.insync.replicas 1 two replicas may be replaced at once.
        #expect(ExecutionPlanner.steps(of: move, index: 0, minInSync: 1).count == 2)

        // Steps of one partition land in successive batches.
        let plan = try Self.plan()
        let execution = try ExecutionPlanner.plan(plan, options: ExecutionOptions(minInSyncReplicas: 3))
        var lastBatch: [Int: Int] = [:]
        for (b, batch) in execution.batches.enumerated() {
            for step in batch {
                if let previous = lastBatch[step.moveIndex] { #expect(previous < b) }
                lastBatch[step.moveIndex] = b
            }
        }
    }

    @Test func rejectsNonPositiveLimits() throws {
        let plan = try Self.plan()
        #expect(throws: BalanceError.self) { try ExecutionPlanner.plan(plan, options: ExecutionOptions(maxConcurrentMoves: 0)) }
    }
}
