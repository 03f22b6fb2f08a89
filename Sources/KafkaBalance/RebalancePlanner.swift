/// Plans partition reassignments: rack-safe, balanced, moving as little data as the arithmetic allows.
///
/// The plan is a pure function of its input (no clocks, no randomness, no hashing order): the same
/// cluster and goals always give the same plan.
public enum RebalancePlanner {
    /// Plans a rebalance of `cluster` under `goals`.
    ///
    /// Steps: (1) replica-count targets by water filling within the mode's bounds, racks and capacities;
    /// (2) fill under-sized replica sets (`fix`) and repair rack spread; (3) move replicas from brokers
    /// above target to brokers below it, choosing replicas that keep bytes proportional to counts and spread
    /// topics; (4) `full` only: swap replicas until bytes are within tolerance; (5) capacity repair;
    /// (6) reorder replicas to balance preferred leaders.
    ///
    /// - Throws: ``BalanceError`` naming the partition or broker when the input is invalid, or when a
    ///   hard constraint cannot be met (e.g. not enough capacity).
    public static func plan(_ cluster: ClusterDescription, goals: BalanceGoals = BalanceGoals()) throws(BalanceError) -> RebalancePlan {
        var state = try PlanningState(cluster: cluster, goals: goals)
        state.computeTargets()
        let before = state.statistics()
        let lowerBound = max(state.countLowerBound(), state.rackLowerBound())
        let targets = state.target

        let added = try state.fillEmptySlots()
        _ = state.repairRackSpread()
        if goals.mode == .fix {
            let canHold = state.canHold
            _ = state.balanceCounts(sourceAllowed: { !canHold[$0] })
        } else {
            _ = state.balanceCounts(sourceAllowed: { _ in true })
        }
        _ = try state.drainForbiddenBrokers()
        if goals.mode == .full {
            _ = state.balanceBytes(tolerance: goals.bytesTolerance)
        }
        _ = try state.repairCapacity()
        if goals.balanceLeaders && goals.mode != .fix {
            _ = state.balanceLeaders()
        }
        for p in 0..<state.partitionCount where state.distinctRacks(p) < state.racksNeeded(rf: state.slots(p).count) {
            throw BalanceError(.unsatisfiable,
                               "partition \(state.name(p)): its replicas cannot be spread over \(state.racksNeeded(rf: state.slots(p).count)) racks with the brokers and capacity available; add brokers in other racks or capacity")
        }
        return state.makePlan(before: before, lowerBound: lowerBound, added: added, targets: targets)
    }
}

extension PlanningState {
    func makePlan(before: BalanceStatistics, lowerBound: Int, added: Int, targets: [Int32]) -> RebalancePlan {
        var moves: [PartitionMove] = []
        var replicasMoved = 0
        var bytesMoved: Int64 = 0
        var leaderOnly = 0
        var ids = [Int32](repeating: 0, count: replicas.count)
        for i in replicas.indices { ids[i] = brokerIDs[Int(replicas[i])] }
        for p in 0..<partitionCount {
            let old = inputPartitions[p].replicas
            let new = ids[slots(p)]
            if old.elementsEqual(new) { continue }
            var fresh = 0
            for b in new where !old.contains(b) { fresh += 1 }
            if fresh == 0 { leaderOnly += 1 }
            replicasMoved += fresh
            let copy = Int64(fresh) * sizes[p]
            bytesMoved += copy
            moves.append(PartitionMove(partitionIndex: p, topic: inputPartitions[p].topic,
                                       partition: inputPartitions[p].partition, before: old, after: Array(new),
                                       bytesToCopy: copy,
                                       produceBytesPerSecond: inputPartitions[p].produceBytesPerSecond))
        }
        let movement = MovementMetrics(replicasMoved: replicasMoved, bytesMoved: bytesMoved,
                                       partitionsChanged: moves.count, leaderOnlyChanges: leaderOnly,
                                       replicasAdded: added, lowerBoundReplicas: lowerBound + added,
                                       totalReplicas: replicas.count)
        return RebalancePlan(mode: mode, moves: moves, before: before, after: statistics(), movement: movement,
                             targets: targets, offsets: offsets, brokers: ids)
    }
}
