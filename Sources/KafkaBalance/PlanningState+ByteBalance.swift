extension PlanningState {
    /// `full` mode: swaps one replica of the broker most above its byte share with a smaller replica of the
    /// broker most below, keeping replica counts, until every broker's bytes are within `tolerance` of the
    /// mean (in proportion to its replica count) or no swap improves the worst pair. Returns replicas moved.
    mutating func balanceBytes(tolerance: Double) -> Int {
        guard holdingBrokerCount > 1, !replicas.isEmpty else { return 0 }
        let meanSize = Double(totalBytes) / Double(replicas.count)
        let meanBrokerBytes = Double(totalBytes) / Double(holdingBrokerCount)
        let allowed = tolerance * meanBrokerBytes
        var moved = 0
        var failedPairs = Set<Int>()
        let maxSwaps = 20 * brokerCount + 1000
        func deviation(_ b: Int) -> Double { Double(bytes[b]) - Double(replicaCount[b]) * meanSize }
        for _ in 0..<maxSwaps {
            // The most over and the most under, skipping pairs already known to have no improving swap.
            var highs: [Int] = []
            var lows: [Int] = []
            for b in 0..<brokerCount where canHold[b] {
                if deviation(b) > allowed { highs.append(b) }
                if deviation(b) < -allowed { lows.append(b) }
            }
            if highs.isEmpty && lows.isEmpty { break }
            highs.sort { deviation($0) != deviation($1) ? deviation($0) > deviation($1) : $0 < $1 }
            lows.sort { deviation($0) != deviation($1) ? deviation($0) < deviation($1) : $0 < $1 }
            // Out-of-band brokers pair with the furthest broker on the other side, in or out of band.
            var everyone = (0..<brokerCount).filter { canHold[$0] }
            everyone.sort { deviation($0) != deviation($1) ? deviation($0) < deviation($1) : $0 < $1 }
            var pairs: [(Int, Int)] = []
            for h in highs { for l in everyone.prefix(8) where l != h { pairs.append((h, l)) } }
            for l in lows { for h in everyone.reversed().prefix(8) where l != h { pairs.append((h, l)) } }
            var swapped = false
            for (h, l) in pairs where !failedPairs.contains(h * brokerCount + l) {
                if swapBest(high: h, low: l, meanSize: meanSize, minimumGain: max(1, allowed / 4)) {
                    moved += 2
                    swapped = true
                    failedPairs.removeAll()
                    break
                }
                failedPairs.insert(h * brokerCount + l)
            }
            if !swapped { break }
        }
        return moved
    }

    /// Finds and applies the swap between `high` and `low` that brings their deviations closest together;
    /// false when no allowed swap reduces the larger of the two deviations by `minimumGain` bytes. The
    /// minimum gain keeps a huge partition from being passed back and forth for ever-smaller gains (each
    /// swap lowers the sum of squared deviations by a fixed amount, so the loop ends).
    private mutating func swapBest(high h: Int, low l: Int, meanSize: Double, minimumGain: Double) -> Bool {
        let devH = Double(bytes[h]) - Double(replicaCount[h]) * meanSize
        let devL = Double(bytes[l]) - Double(replicaCount[l]) * meanSize
        let want = (devH - devL) / 2
        guard want > 0 else { return false }
        let h32 = Int32(h), l32 = Int32(l)
        // Low broker's replicas that may go to `high`, sorted by size.
        var lowSide: [(size: Int64, p: Int32)] = []
        for p32 in hostedBy[l] {
            let p = Int(p32)
            guard let slot = slot(of: l32, in: p), canMove(p, slot: slot, to: h32) else { continue }
            lowSide.append((sizes[p], p32))
        }
        if lowSide.isEmpty { return false }
        lowSide.sort { $0.size != $1.size ? $0.size < $1.size : $0.p < $1.p }
        let current = max(abs(devH), abs(devL))
        var best = current
        var bestA = -1, bestC = -1
        for p32 in hostedBy[h] {
            let a = Int(p32)
            guard let slotA = slot(of: h32, in: a) else { continue }
            let sizeA = Double(sizes[a])
            // c with size ≈ sizeA - want: binary search, then look at neighbours.
            let goal = sizeA - want
            var lo = 0, hi = lowSide.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if Double(lowSide[mid].size) < goal { lo = mid + 1 } else { hi = mid }
            }
            var k = max(0, lo - 2)
            while k < min(lowSide.count, lo + 2) {
                let c = Int(lowSide[k].p)
                k += 1
                if c == a { continue }
                let delta = sizeA - Double(lowSide[k - 1].size)
                if delta <= 0 { continue }
                let after = max(abs(devH - delta), abs(devL + delta))
                if after <= best - minimumGain {
                    // Both moves must be allowed together (capacity and membership of the other partition).
                    guard canMove(a, slot: slotA, to: l32),
                          bytes[l] + sizes[a] - sizes[c] <= capacity[l],
                          bytes[h] - sizes[a] + sizes[c] <= capacity[h],
                          !hosts(a, l32), !hosts(c, h32) else { continue }
                    best = after
                    bestA = a
                    bestC = c
                }
            }
        }
        guard bestA >= 0, bestC >= 0, let slotA = slot(of: h32, in: bestA), let slotC = slot(of: l32, in: bestC) else {
            return false
        }
        move(bestA, slot: slotA, to: l32)
        move(bestC, slot: slotC, to: h32)
        if let i = hostedBy[h].firstIndex(of: Int32(bestA)) { hostedBy[h].swapAt(i, hostedBy[h].count - 1); hostedBy[h].removeLast() }
        if let i = hostedBy[l].firstIndex(of: Int32(bestC)) { hostedBy[l].swapAt(i, hostedBy[l].count - 1); hostedBy[l].removeLast() }
        return true
    }
}
