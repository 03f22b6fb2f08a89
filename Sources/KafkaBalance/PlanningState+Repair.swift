extension PlanningState {
    /// The best broker to take slot `slot` of partition `p`: allowed by the hard constraints, then in order
    /// of preference a broker that may receive in this mode, the one furthest below its target, the
    /// emptiest, the lowest index (for determinism). With `newRack`, only brokers in a rack `p` does not use.
    func bestDestination(_ p: Int, slot: Int, newRack: Bool) -> Int32? {
        var best: Int32 = -1
        var bestKey = (1, Int.max, Int.max)
        for d in 0..<brokerCount where canHold[d] {
            let d32 = Int32(d)
            if newRack {
                var used = false
                for i in slots(p) where i != slot && replicas[i] >= 0 && rackOf[Int(replicas[i])] == rackOf[d] {
                    used = true
                    break
                }
                if used || hosts(p, d32) || bytes[d] + sizes[p] > capacity[d] { continue }
            } else if !canMove(p, slot: slot, to: d32) {
                continue
            }
            let key = (receivable[d] ? 0 : 1, Int(replicaCount[d]) - Int(target[d]), Int(replicaCount[d]))
            if key < bestKey { bestKey = key; best = d32 }
        }
        return best >= 0 ? best : nil
    }

    /// Fills the empty slots of under-sized replica sets (`fix` mode): each new replica goes to the best
    /// broker, in a rack the partition does not use yet when there is one.
    mutating func fillEmptySlots() throws(BalanceError) -> Int {
        var added = 0
        for p in 0..<partitionCount {
            for i in slots(p) where replicas[i] < 0 {
                guard let d = bestDestination(p, slot: i, newRack: false) else {
                    throw BalanceError(.unsatisfiable, "partition \(name(p)): no broker can take another replica (all hold it already, or lack capacity)")
                }
                move(p, slot: i, to: d)
                added += 1
            }
        }
        return added
    }

    /// Moves replicas that share a rack with another replica of their partition to an unused rack,
    /// until every partition spans as many racks as it can. Returns the number of moves.
    mutating func repairRackSpread() -> Int {
        var moved = 0
        for p in 0..<partitionCount {
            let range = slots(p)
            let need = racksNeeded(rf: range.count)
            while distinctRacks(p) < need {
                // The replica to move: one that shares its rack, on the broker most above its target,
                // not the preferred leader when there is a choice.
                var pick = -1
                var pickKey = (Int.max, Int.max)
                for i in range {
                    let b = Int(replicas[i])
                    var shared = false
                    for j in range where j != i && rackOf[Int(replicas[j])] == rackOf[b] { shared = true; break }
                    if !shared { continue }
                    let key = (i == range.lowerBound ? 1 : 0, -(Int(replicaCount[b]) - Int(target[b])))
                    if key < pickKey { pickKey = key; pick = i }
                }
                guard pick >= 0, let d = bestDestination(p, slot: pick, newRack: true) else { break }
                move(p, slot: pick, to: d)
                moved += 1
            }
        }
        return moved
    }

    /// The fewest moves that fix every rack-spread violation (one per missing rack).
    func rackLowerBound() -> Int {
        var n = 0
        for p in 0..<partitionCount {
            let rf = slots(p).count
            var present = 0
            for i in slots(p) where replicas[i] >= 0 { present += 1 }
            let need = racksNeeded(rf: rf)
            let have = distinctRacks(p)
            // Empty slots are additions, not moves.
            n += max(0, need - have - (rf - present))
        }
        return n
    }

    /// Moves every replica still on a broker that may not hold replicas (cordoned, removed) to the best
    /// allowed broker. Count balancing normally does this; this is the fallback when no broker below its
    /// target can take a replica.
    mutating func drainForbiddenBrokers() throws(BalanceError) -> Int {
        var moved = 0
        for b in 0..<brokerCount where !canHold[b] && replicaCount[b] > 0 {
            let list = hostedBy[b]
            for p32 in list {
                let p = Int(p32)
                guard let slot = slot(of: Int32(b), in: p) else { continue }
                guard let d = bestDestination(p, slot: slot, newRack: false) else {
                    throw BalanceError(.unsatisfiable,
                                       "partition \(name(p)): no allowed broker can take its replica from broker \(brokerIDs[b]) without breaking rack spread or capacity; add brokers or capacity")
                }
                move(p, slot: slot, to: d)
                moved += 1
            }
            hostedBy[b].removeAll()
        }
        return moved
    }

    /// Moves replicas off brokers whose bytes exceed their capacity, largest first, to brokers with room.
    mutating func repairCapacity() throws(BalanceError) -> Int {
        var moved = 0
        for b in 0..<brokerCount where canHold[b] && bytes[b] > capacity[b] {
            let hosted = hostedBy[b].filter { hosts(Int($0), Int32(b)) }
                .sorted { sizes[Int($0)] != sizes[Int($1)] ? sizes[Int($0)] > sizes[Int($1)] : $0 < $1 }
            for p32 in hosted where bytes[b] > capacity[b] {
                let p = Int(p32)
                guard let slot = slot(of: Int32(b), in: p),
                      let d = bestDestination(p, slot: slot, newRack: false) else { continue }
                move(p, slot: slot, to: d)
                moved += 1
            }
            if bytes[b] > capacity[b] {
                throw BalanceError(.unsatisfiable,
                                   "broker \(brokerIDs[b]) needs \(bytes[b]) bytes but has capacity \(capacity[b]) and no other broker has room; add capacity or brokers")
            }
        }
        return moved
    }

    /// `topic-partition` of partition index `p`, for messages.
    func name(_ p: Int) -> String { inputPartitions[p].name }
}
