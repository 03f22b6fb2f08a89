import Testing
@testable import KafkaBalance

/// Data movement against the arithmetic lower bound when adding or removing brokers.
@Suite("Movement stays at the lower bound")
struct MovementTests {
    /// A balanced, rack-safe cluster of `brokers` brokers plus `extra` empty ones.
    static func balancedCluster(brokers: Int, extra: Int, racks: Int, partitions: Int, seed: UInt64) throws -> ClusterDescription {
        let shape = ClusterShape(brokers: brokers + extra, racks: racks, topics: 4, partitionsPerTopic: partitions / 4,
                                 replicationFactor: 3, emptyBrokers: extra, skewedSizes: true)
        var cluster = ClusterGenerator.make(shape, seed: seed)
        // Balance the first `brokers` brokers alone (the extra ones cordoned), then uncordon them empty.
        var staging = cluster
        for i in brokers..<(brokers + extra) { staging.brokers[i].state = .cordoned }
        let plan = try RebalancePlanner.plan(staging, goals: BalanceGoals(mode: .full))
        cluster = ClusterGenerator.applying(plan, to: cluster)
        return cluster
    }

    @Test("adding k brokers to N moves k/(N+k) of all replicas (within 5%) and balances counts", arguments: [
        (6, 3, 3), (12, 3, 3), (24, 1, 4), (20, 5, 5), (20, 1, 5), (9, 3, 3),
    ])
    func addBrokers(brokers: Int, added: Int, racks: Int) throws {
        let cluster = try Self.balancedCluster(brokers: brokers, extra: added, racks: racks, partitions: 1200,
                                               seed: UInt64(brokers * 31 + added))
        let newIDs = cluster.brokers.suffix(added).map(\.id)
        let goals = BalanceGoals(mode: .addBrokers, brokers: Array(newIDs))
        let plan = try RebalancePlanner.plan(cluster, goals: goals)
        #expect(HardConstraints.violations(of: plan, cluster: cluster, goals: goals).isEmpty)
        let total = cluster.partitions.count * 3
        let formula = Double(total) * Double(added) / Double(brokers + added)
        #expect(abs(Double(plan.movement.lowerBoundReplicas) - formula) <= Double(brokers + added),
                "lower bound \(plan.movement.lowerBoundReplicas) vs k/(N+k) = \(formula)")
        #expect(Double(plan.movement.replicasMoved) <= 1.05 * Double(plan.movement.lowerBoundReplicas),
                "moved \(plan.movement.replicasMoved), lower bound \(plan.movement.lowerBoundReplicas)")
        let counts = HardConstraints.counts(of: plan, cluster: cluster, goals: goals).values
        #expect(counts.max()! - counts.min()! <= 1, "counts \(counts.sorted())")
        // Only the new brokers receive.
        for move in plan.moves {
            for b in move.after where !move.before.contains(b) { #expect(newIDs.contains(b)) }
        }
    }

    @Test("removing k brokers moves the replicas they hold (within 5%) and stays rack-safe", arguments: [(9, 3, 3), (12, 3, 3), (20, 2, 4), (10, 5, 5), (15, 1, 5)])
    func removeBrokers(brokers: Int, removed: Int, racks: Int) throws {
        let cluster = try Self.balancedCluster(brokers: brokers, extra: 0, racks: racks, partitions: 800,
                                               seed: UInt64(brokers * 17 + removed))
        // Brokers 1, 2, ... sit in racks r0, r1, ...: removing a multiple of the rack count keeps racks even.
        let ids = (0..<removed).map { cluster.brokers[$0].id }
        let goals = BalanceGoals(mode: .removeBrokers, brokers: ids)
        let plan = try RebalancePlanner.plan(cluster, goals: goals)
        #expect(HardConstraints.violations(of: plan, cluster: cluster, goals: goals).isEmpty)
        let onRemoved = cluster.partitions.reduce(0) { n, p in n + p.replicas.filter { ids.contains($0) }.count }
        #expect(plan.movement.lowerBoundReplicas == onRemoved)
        #expect(plan.movement.replicasMoved >= onRemoved)
        #expect(Double(plan.movement.replicasMoved) <= 1.05 * Double(onRemoved), "moved \(plan.movement.replicasMoved) of \(onRemoved)")
        // Draining whole "rows" (one broker per rack) leaves racks even, so exact balance is reachable.
        // Draining unevenly (e.g. 2 of 4 racks) can leave receivers a few replicas apart: known limit.
        if removed % racks == 0 {
            let counts = HardConstraints.counts(of: plan, cluster: cluster, goals: goals).values
            #expect(counts.max()! - counts.min()! <= 1, "counts \(counts.sorted())")
        }
    }

    @Test("fix repairs rack violations with one move per missing rack and touches nothing else")
    func fixMovesOnlyWhatIsBroken() throws {
        let brokers = (1...6).map { BrokerDescription(id: Int32($0), rack: "r\(($0 - 1) % 3)") }  // r0: 1,4 r1: 2,5 r2: 3,6
        let partitions = [
            PartitionDescription(topic: "a", partition: 0, replicas: [1, 4, 2]),  // two in r0
            PartitionDescription(topic: "a", partition: 1, replicas: [2, 3, 1]),  // fine
            PartitionDescription(topic: "a", partition: 2, replicas: [3, 4]),     // rack-safe, but under-sized
            PartitionDescription(topic: "b", partition: 0, replicas: [5, 5 - 3]), // r1, r1
        ]
        let cluster = ClusterDescription(brokers: brokers, partitions: partitions)
        let goals = BalanceGoals(mode: .fix)
        let plan = try RebalancePlanner.plan(cluster, goals: goals)
        #expect(HardConstraints.violations(of: plan, cluster: cluster, goals: goals).isEmpty)
        #expect(plan.replicas(ofPartition: 1) == [2, 3, 1])
        #expect(plan.replicas(ofPartition: 2).count == 3)
        #expect(plan.replicas(ofPartition: 2).prefix(2) == [3, 4])
        #expect(plan.movement.replicasMoved == 3)  // one rack repair for a-0, one for b-0, one added to a-2
        #expect(plan.movement.replicasAdded == 1)
        // The preferred leader of a repaired partition stays.
        #expect(plan.replicas(ofPartition: 0).first == 1)
    }

    @Test("cordoned brokers are drained in every mode")
    func cordonedBrokersAreDrained() throws {
        var cluster = ClusterGenerator.make(ClusterShape(brokers: 8, racks: 2, topics: 2, partitionsPerTopic: 30,
                                                         replicationFactor: 2), seed: 5)
        cluster.brokers[3].state = .cordoned
        for mode in [BalanceMode.full, .fix] {
            let goals = BalanceGoals(mode: mode)
            let plan = try RebalancePlanner.plan(cluster, goals: goals)
            #expect(HardConstraints.violations(of: plan, cluster: cluster, goals: goals).isEmpty)
            #expect(plan.after.replicasOnForbiddenBrokers == 0)
        }
    }
}
