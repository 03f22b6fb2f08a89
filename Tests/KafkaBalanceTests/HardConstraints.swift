@testable import KafkaBalance

/// An independent check of the planner's hard constraints (written apart from the planner on purpose).
enum HardConstraints {
    static func violations(of plan: RebalancePlan, cluster: ClusterDescription, goals: BalanceGoals) -> [String] {
        var problems: [String] = []
        var rackOf: [Int32: String] = [:]
        var allowed: Set<Int32> = []
        var capacity: [Int32: Int64] = [:]
        for b in cluster.brokers {
            rackOf[b.id] = b.rack ?? "broker-\(b.id)"
            let removed = goals.mode == .removeBrokers && goals.brokers.contains(b.id)
            if b.state == .active && !removed { allowed.insert(b.id) }
            if let c = b.capacityBytes { capacity[b.id] = c }
        }
        let holdingRacks = Set(allowed.compactMap { rackOf[$0] }).count
        var topicRF: [String: Int] = [:]
        for p in cluster.partitions { topicRF[p.topic] = max(topicRF[p.topic] ?? 0, p.replicas.count) }
        var bytes: [Int32: Int64] = [:]
        if plan.partitionCount != cluster.partitions.count { problems.append("partition count changed") }
        for (i, p) in cluster.partitions.enumerated() {
            let after = Array(plan.replicas(ofPartition: i))
            let expectedRF = goals.mode == .fix ? topicRF[p.topic] ?? 0 : p.replicas.count
            if after.count != expectedRF { problems.append("\(p.name): RF \(p.replicas.count) -> \(after.count)") }
            if Set(after).count != after.count { problems.append("\(p.name): duplicate broker in \(after)") }
            for b in after where !allowed.contains(b) { problems.append("\(p.name): replica on broker \(b), not allowed") }
            let racks = Set(after.compactMap { rackOf[$0] }).count
            if racks < min(after.count, holdingRacks) {
                problems.append("\(p.name): \(after) spans \(racks) racks, could span \(min(after.count, holdingRacks))")
            }
            for b in after { bytes[b, default: 0] += p.sizeBytes }
        }
        for (b, c) in capacity where (bytes[b] ?? 0) > c { problems.append("broker \(b): \(bytes[b] ?? 0) bytes > capacity \(c)") }
        return problems
    }

    /// Replica count per allowed broker after the plan.
    static func counts(of plan: RebalancePlan, cluster: ClusterDescription, goals: BalanceGoals) -> [Int32: Int] {
        var counts: [Int32: Int] = [:]
        for b in cluster.brokers where b.state == .active && !(goals.mode == .removeBrokers && goals.brokers.contains(b.id)) {
            counts[b.id] = 0
        }
        for i in 0..<plan.partitionCount { for b in plan.replicas(ofPartition: i) { counts[b, default: 0] += 1 } }
        return counts
    }
}
