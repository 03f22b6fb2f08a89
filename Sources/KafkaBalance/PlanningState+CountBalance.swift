extension PlanningState {
    /// Feasible candidates weighed per move before taking the best.
    static let candidatesPerMove = 24
    /// Hosted entries examined per move before falling back to a full scan of the source.
    /// How far the sampling cursor jumps after each move (a prime, to visit the whole list).
    static let cursorStride = 7919

    /// Moves replicas from brokers above their target to brokers below it, one replica per move, until no
    /// broker below target can take a replica from a broker above target. Every move lowers the total
    /// excess by one, so the number of moves equals the lower bound when all targets are reached.
    ///
    /// - Parameter sourceAllowed: which over-target brokers may give (in `fix` mode only forbidden ones).
    mutating func balanceCounts(sourceAllowed: (Int) -> Bool) -> Int {
        var moved = 0
        var stuck = [Bool](repeating: false, count: brokerCount)
        var order: [Int] = []
        let meanSize = replicas.isEmpty ? 1.0 : Double(totalBytes) / Double(replicas.count)
        while true {
            // Destination: the broker furthest below its target.
            var d = -1
            var dGap: Int32 = 0
            for b in 0..<brokerCount where receivable[b] && !stuck[b] {
                let gap = target[b] - replicaCount[b]
                if gap > dGap { dGap = gap; d = b }
            }
            if d < 0 { break }
            // Source: forbidden brokers (which must empty) first, then the one most above its target.
            func sourceKey(_ b: Int) -> (Int, Int32) { (canHold[b] ? 1 : 0, -(replicaCount[b] - target[b])) }
            var first = -1
            for b in 0..<brokerCount where replicaCount[b] > target[b] && sourceAllowed(b) {
                if first < 0 || sourceKey(b) < sourceKey(first) { first = b }
            }
            if first < 0 { break }
            var done = false
            if let (p, slot) = bestCandidate(from: first, to: d, meanSize: meanSize) {
                move(p, slot: slot, to: Int32(d))
                moved += 1
                done = true
            } else {
                // Rare: the first source has nothing `d` may take; try the others in the same order.
                order.removeAll(keepingCapacity: true)
                for b in 0..<brokerCount where b != first && replicaCount[b] > target[b] && sourceAllowed(b) {
                    order.append(b)
                }
                order.sort { sourceKey($0) != sourceKey($1) ? sourceKey($0) < sourceKey($1) : $0 < $1 }
                for s in order {
                    if let (p, slot) = bestCandidate(from: s, to: d, meanSize: meanSize) {
                        move(p, slot: slot, to: Int32(d))
                        moved += 1
                        done = true
                        break
                    }
                }
            }
            if !done { stuck[d] = true }
        }
        return moved
    }

    /// The replica on `s` that best moves to `d`: allowed by the hard constraints, keeping both brokers'
    /// bytes in proportion to their replica counts, then spreading topics. Candidates are sampled from a
    /// cursor that strides through the source's list, so consecutive moves draw from different topics.
    mutating func bestCandidate(from s: Int, to d: Int, meanSize: Double) -> (Int, Int)? {
        let d32 = Int32(d)
        let s32 = Int32(s)
        if hostedBy[s].count > 2 * Int(replicaCount[s]) + 64 {
            hostedBy[s] = hostedBy[s].filter { hosts(Int($0), s32) }
        }
        let count = hostedBy[s].count
        guard count > 0 else { return nil }
        var bestAt = -1
        var bestSlot = -1
        var bestScore = Double.infinity
        var feasible = 0
        let srcBytes = Double(bytes[s]), dstBytes = Double(bytes[d])
        let srcAfter = Double(replicaCount[s] - 1) * meanSize
        let dstAfter = Double(replicaCount[d] + 1) * meanSize
        let holders = Double(max(1, holdingBrokerCount))
        let start = Int(cursor[s]) % count
        var k = 0
        while k < count {
            var at = start + k
            if at >= count { at -= count }
            k += 1
            let p = Int(hostedBy[s][at])
            guard let slot = slot(of: s32, in: p), canMove(p, slot: slot, to: d32) else { continue }
            let size = Double(sizes[p])
            var score = abs(srcBytes - size - srcAfter) + abs(dstBytes + size - dstAfter)
            if !topicBroker.isEmpty {
                let t = Int(topicOf[p])
                let ideal = Double(topicReplicaTotal[t]) / holders
                let onSource = Double(topicBroker[t * brokerCount + s])
                let onDest = Double(topicBroker[t * brokerCount + d])
                if onDest + 1 > ideal.rounded(.up) { score += 2 * meanSize }
                if onSource <= ideal.rounded(.down) { score += meanSize }
            }
            if score < bestScore { bestScore = score; bestAt = at; bestSlot = slot }
            feasible += 1
            if feasible >= Self.candidatesPerMove { break }
        }
        guard bestAt >= 0 else { return nil }
        let p = Int(hostedBy[s][bestAt])
        hostedBy[s].swapAt(bestAt, count - 1)
        hostedBy[s].removeLast()
        cursor[s] = Int32((start + Self.cursorStride) % max(1, count - 1))
        return (p, bestSlot)
    }

    /// Evens out replica counts among the brokers that may hold replicas (as `full` mode would), spending
    /// at most `budget` moves. Used after draining, whose targets rack spread may make unreachable.
    mutating func settleCounts(budget: Int) -> Int {
        guard budget > 0, holdingBrokerCount > 1 else { return 0 }
        var counts: [Int32] = []
        for b in 0..<brokerCount where canHold[b] { counts.append(replicaCount[b]) }
        guard let maxCount = counts.max(), let minCount = counts.min(), maxCount - minCount > 1 else { return 0 }
        let meanSize = replicas.isEmpty ? 1.0 : Double(totalBytes) / Double(replicas.count)
        var moved = 0
        while moved < budget {
            // Most loaded and least loaded holders; stop at max - min <= 1 or when no move is allowed.
            var high = -1, low = -1
            for b in 0..<brokerCount where canHold[b] {
                if high < 0 || replicaCount[b] > replicaCount[high] { high = b }
                if low < 0 || replicaCount[b] < replicaCount[low] { low = b }
            }
            if high < 0 || replicaCount[high] - replicaCount[low] <= 1 { break }
            var done = false
            // Try the least loaded first, then others below the top, against the most loaded first.
            let lows = (0..<brokerCount).filter { canHold[$0] && replicaCount[$0] + 1 < replicaCount[high] }
                .sorted { replicaCount[$0] != replicaCount[$1] ? replicaCount[$0] < replicaCount[$1] : $0 < $1 }
            let highs = (0..<brokerCount).filter { canHold[$0] && replicaCount[$0] > replicaCount[low] + 1 }
                .sorted { replicaCount[$0] != replicaCount[$1] ? replicaCount[$0] > replicaCount[$1] : $0 < $1 }
            search: for h in highs.prefix(8) {
                for l in lows where replicaCount[l] + 1 < replicaCount[h] {
                    if let (p, slot) = bestCandidate(from: h, to: l, meanSize: meanSize) {
                        move(p, slot: slot, to: Int32(l))
                        moved += 1
                        done = true
                        break search
                    }
                }
            }
            if !done { break }
        }
        return moved
    }
}
