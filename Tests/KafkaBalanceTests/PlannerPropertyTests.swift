import Testing
@testable import KafkaBalance

/// Property tests over random clusters: every hard constraint holds in every plan, the same input gives the
/// same plan, and a plan on a cluster the planner already balanced moves nothing.
@Suite("Planner properties on random clusters")
struct PlannerPropertyTests {
    /// A spread of shapes; each seed picks one and varies it.
    static func shape(seed: UInt64) -> ClusterShape {
        var rng = SeededRandom(seed: seed &* 7919)
        let racks = Int.random(in: 1...5, using: &rng)
        let brokers = Int.random(in: max(4, racks)...18, using: &rng)
        let rf = Int.random(in: 1...min(4, brokers - 2), using: &rng)
        return ClusterShape(brokers: brokers, racks: racks, topics: Int.random(in: 1...8, using: &rng),
                            partitionsPerTopic: Int.random(in: 1...40, using: &rng), replicationFactor: rf,
                            emptyBrokers: Int.random(in: 0...2, using: &rng),
                            unequalRacks: Bool.random(using: &rng), skewedSizes: Bool.random(using: &rng),
                            capacities: Bool.random(using: &rng), rackBlind: Bool.random(using: &rng))
    }

    static func goals(_ mode: BalanceMode, cluster: ClusterDescription, seed: UInt64) -> BalanceGoals {
        switch mode {
        case .removeBrokers:
            // Drain one broker (the last non-empty one) — keeps RF <= remaining brokers.
            let id = cluster.brokers[seed % 2 == 0 ? 0 : cluster.brokers.count / 2].id
            return BalanceGoals(mode: mode, brokers: [id])
        case .addBrokers:
            // The empty brokers, named (after the first plan they are no longer empty).
            let ids = cluster.brokers.map(\.id).filter { id in !cluster.partitions.contains { $0.replicas.contains(id) } }
            return BalanceGoals(mode: mode, brokers: ids)
        default:
            return BalanceGoals(mode: mode)
        }
    }

    @Test("hard constraints hold, plans are deterministic, replanning moves nothing", arguments: 0..<60)
    func properties(seed: Int) throws {
        let shape = Self.shape(seed: UInt64(seed))
        let cluster = ClusterGenerator.make(shape, seed: UInt64(seed))
        for mode in BalanceMode.allCases {
            if mode == .removeBrokers && shape.replicationFactor >= shape.brokers { continue }
            let goals = Self.goals(mode, cluster: cluster, seed: UInt64(seed))
            if mode == .addBrokers && goals.brokers.isEmpty { continue }
            let plan = try RebalancePlanner.plan(cluster, goals: goals)
            let problems = HardConstraints.violations(of: plan, cluster: cluster, goals: goals)
            #expect(problems.isEmpty, "seed \(seed) \(mode) \(shape): \(problems.prefix(5))")

            let again = try RebalancePlanner.plan(cluster, goals: goals)
            #expect(again == plan, "seed \(seed) \(mode): the same input gave a different plan")

            // Replanning the result with the same goals changes nothing.
            let balanced = ClusterGenerator.applying(plan, to: cluster)
            let replan = try RebalancePlanner.plan(balanced, goals: goals)
            #expect(replan.moves.isEmpty, "seed \(seed) \(mode): replanning moved \(replan.moves.count) partitions: \(replan.moves.prefix(3))")
        }
    }

    @Test("full mode reaches replica-count balance (max - min <= 1) on rack-balanced clusters", arguments: 0..<20)
    func fullModeBalancesCounts(seed: Int) throws {
        var rng = SeededRandom(seed: UInt64(seed))
        let racks = Int.random(in: 2...4, using: &rng)
        let shape = ClusterShape(brokers: racks * Int.random(in: 2...5, using: &rng), racks: racks, topics: 4,
                                 partitionsPerTopic: Int.random(in: 10...60, using: &rng),
                                 replicationFactor: min(3, racks), emptyBrokers: Int.random(in: 0...3, using: &rng),
                                 skewedSizes: true)
        let cluster = ClusterGenerator.make(shape, seed: UInt64(seed))
        let goals = BalanceGoals(mode: .full)
        let plan = try RebalancePlanner.plan(cluster, goals: goals)
        let counts = HardConstraints.counts(of: plan, cluster: cluster, goals: goals).values
        #expect((counts.max() ?? 0) - (counts.min() ?? 0) <= 1, "seed \(seed): counts \(counts.sorted())")
        #expect(plan.after.leadersPerBroker.max - plan.after.leadersPerBroker.min <= 2)
        #expect(plan.movement.replicasMoved >= plan.movement.lowerBoundReplicas)
    }

    @Test("racks of very unequal size: the small racks take one replica of every partition")
    func unequalRacks() throws {
        // Racks a and b have one broker each, rack c has eight: with RF 3 every partition needs one replica in
        // each rack, so the lone brokers must hold every partition whatever the balance goal says.
        var brokers = [BrokerDescription(id: 1, rack: "a"), BrokerDescription(id: 2, rack: "b")]
        for i in 3...10 { brokers.append(BrokerDescription(id: Int32(i), rack: "c")) }
        var partitions: [PartitionDescription] = []
        for p in 0..<40 {
            partitions.append(PartitionDescription(topic: "t", partition: Int32(p),
                                                   replicas: [Int32(3 + p % 8), Int32(3 + (p + 1) % 8), Int32(3 + (p + 2) % 8)]))
        }
        let cluster = ClusterDescription(brokers: brokers, partitions: partitions)
        let goals = BalanceGoals(mode: .full)
        let plan = try RebalancePlanner.plan(cluster, goals: goals)
        #expect(HardConstraints.violations(of: plan, cluster: cluster, goals: goals).isEmpty)
        let counts = HardConstraints.counts(of: plan, cluster: cluster, goals: goals)
        #expect(counts[1] == 40 && counts[2] == 40)
        let rackC = (3...10).map { counts[Int32($0)] ?? 0 }
        #expect(rackC.max()! - rackC.min()! <= 1, "rack c brokers: \(rackC)")
        // Each partition moves exactly two replicas (into racks a and b), the least that repairs the spread.
        #expect(plan.movement.replicasMoved == 80)
        #expect(plan.movement.lowerBoundReplicas == 80)
    }

    @Test("replication factor larger than the number of racks uses every rack")
    func rfAboveRackCount() throws {
        let shape = ClusterShape(brokers: 6, racks: 2, topics: 3, partitionsPerTopic: 20, replicationFactor: 4,
                                 rackBlind: true)
        let cluster = ClusterGenerator.make(shape, seed: 42)
        let goals = BalanceGoals(mode: .full)
        let plan = try RebalancePlanner.plan(cluster, goals: goals)
        #expect(HardConstraints.violations(of: plan, cluster: cluster, goals: goals).isEmpty)
        #expect(plan.after.rackViolations == 0)
    }

    @Test("heterogeneous capacities are never exceeded", arguments: 0..<10)
    func capacities(seed: Int) throws {
        let shape = ClusterShape(brokers: 9, racks: 3, topics: 5, partitionsPerTopic: 30, replicationFactor: 3,
                                 emptyBrokers: 3, skewedSizes: true, capacities: true)
        let cluster = ClusterGenerator.make(shape, seed: UInt64(seed) + 1000)
        for mode in [BalanceMode.full, .addBrokers] {
            let goals = BalanceGoals(mode: mode)
            let plan = try RebalancePlanner.plan(cluster, goals: goals)
            #expect(HardConstraints.violations(of: plan, cluster: cluster, goals: goals).isEmpty)
        }
    }
}
