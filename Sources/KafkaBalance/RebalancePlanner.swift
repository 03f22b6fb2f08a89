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
        let rackMoves = state.repairRackSpread()
        if added + rackMoves > 0 {
            // Repairs shifted counts; aim at targets reachable from here so that a second plan agrees.
            state.computeTargets()
        }
        // Round 0 plans; later rounds recompute the targets from the result and run the same steps again,
        // until a round moves nothing. The result is then a fixed point: planning it again moves nothing.
        let canHold = state.canHold
        let fixOnly = goals.mode == .fix
        for round in 0..<8 {
            if round > 0 { state.computeTargets() }
            var moved = 0
            // A destination that nothing could reach may become reachable after other moves: repeat until
            // a pass moves nothing (each move lowers the total excess, so this ends).
            while true {
                let n = state.balanceCounts(sourceAllowed: { !fixOnly || !canHold[$0] })
                if n == 0 { break }
                moved += n
            }
            moved += try state.drainForbiddenBrokers()
            if goals.mode == .removeBrokers && round == 0 {
                // Draining can leave receivers a few replicas apart when rack spread rules out the exact
                // targets; settle them with a few extra moves, within 5 % of the lower bound.
                moved += state.settleCounts(budget: lowerBound * 5 / 100)
            }
            if goals.mode == .full {
                moved += state.balanceBytes(tolerance: goals.bytesTolerance)
            }
            moved += try state.repairCapacity()
            if moved == 0 || fixOnly { break }
        }
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
