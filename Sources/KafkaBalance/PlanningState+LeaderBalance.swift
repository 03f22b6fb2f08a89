extension PlanningState {
    /// Balances preferred leaders by reordering replicas (no data is copied): a partition led by a broker
    /// above the ceiling of the mean hands the lead to its follower with the fewest leaders, and a broker
    /// below the floor takes the lead from a leader above the floor. Only strictly improving swaps are
    /// made, so a balanced cluster is left as it is. Returns the number of partitions reordered.
    mutating func balanceLeaders() -> Int {
        guard holdingBrokerCount > 0, partitionCount > 0 else { return 0 }
        let floorTarget = Int32(partitionCount / holdingBrokerCount)
        let ceilTarget = floorTarget + (partitionCount % holdingBrokerCount == 0 ? 0 : 1)
        var reordered = Set<Int32>()
        for _ in 0..<1000 {  // each pass strictly improves, so this ends long before
            var changed = false
            for p in 0..<partitionCount {
                let range = slots(p)
                let first = range.lowerBound
                let leader = Int(replicas[first])
                var bestSlot = -1
                var bestLeaders = Int32.max
                for i in range.dropFirst() {
                    let f = Int(replicas[i])
                    guard canHold[f] else { continue }
                    let fl = leaderCount[f]
                    let improves = (leaderCount[leader] > ceilTarget && fl < ceilTarget)
                        || (fl < floorTarget && leaderCount[leader] > floorTarget)
                    if improves && fl + 1 < leaderCount[leader] && fl < bestLeaders {
                        bestLeaders = fl
                        bestSlot = i
                    }
                }
                if bestSlot >= 0 {
                    let f = Int(replicas[bestSlot])
                    replicas.swapAt(first, bestSlot)
                    leaderCount[leader] -= 1
                    leaderCount[f] += 1
                    reordered.insert(Int32(p))
                    changed = true
                }
            }
            if !changed { break }
        }
        return reordered.count
    }
}
