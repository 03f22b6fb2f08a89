extension PlanningState {
    static let unbounded: Int = Int(Int32.max) / 4

    /// Per-broker bounds on the final replica count that the mode allows.
    func targetBounds() -> (lo: [Int], hi: [Int]) {
        var lo = [Int](repeating: 0, count: brokerCount)
        var hi = [Int](repeating: 0, count: brokerCount)
        let slotCount = replicas.count
        let meanSize = slotCount > 0 ? Double(totalBytes) / Double(slotCount) : 1
        for b in 0..<brokerCount where canHold[b] {
            let count = Int(replicaCount[b])
            switch mode {
            case .full:
                lo[b] = 0; hi[b] = Self.unbounded
            case .addBrokers:
                lo[b] = 0; hi[b] = receivable[b] ? Self.unbounded : count
            case .removeBrokers, .fix:
                lo[b] = count; hi[b] = Self.unbounded
            }
            if capacity[b] < Int64.max / 4 && meanSize > 0 {
                // A broker of small capacity should not be asked to hold more than its bytes allow.
                let byCapacity = Int(Double(capacity[b]) / meanSize)
                hi[b] = max(lo[b], min(hi[b], byCapacity))
            }
        }
        return (lo, hi)
    }

    /// Computes `target`: the replica counts that are as even as the mode, the racks and the capacities
    /// allow, choosing among equally even targets the ones nearest the current counts (least movement).
    ///
    /// Two-level water filling: a common level L per broker, clamped to each broker's bounds, summed per
    /// rack and clamped to what the rack can hold given the rack-spread rule; then each rack's total is
    /// spread evenly over its brokers.
    mutating func computeTargets() {
        let (lo, hi) = targetBounds()
        let total = replicas.count
        let rackCount = rackNames.count
        var members = [[Int]](repeating: [], count: rackCount)
        for b in 0..<brokerCount where canHold[b] { members[Int(rackOf[b])].append(b) }

        // What one rack can hold: at most one replica per partition when rf <= racks, else rf-(racks-1);
        // and at least one per partition when rf >= racks.
        var rfHistogram: [Int: Int] = [:]
        for p in 0..<partitionCount { rfHistogram[slots(p).count, default: 0] += 1 }
        let k = holdingRackCount
        var rackMax = 0
        var rackMin = 0
        for (rf, n) in rfHistogram {
            rackMax += n * (rf <= k ? 1 : rf - (k - 1))
            rackMin += n * (rf >= k ? 1 : 0)
        }
        var rackLo = [Int](repeating: 0, count: rackCount)
        var rackHi = [Int](repeating: 0, count: rackCount)
        var currentOfRack = [Int](repeating: 0, count: rackCount)
        for r in 0..<rackCount where !members[r].isEmpty {
            let sumLo = members[r].reduce(0) { $0 + lo[$1] }
            let sumHi = members[r].reduce(0) { $0 + min(hi[$1], Self.unbounded) }
            rackLo[r] = max(sumLo, min(rackMin, sumHi))
            rackHi[r] = max(rackLo[r], min(sumHi, rackMax))
            currentOfRack[r] = members[r].reduce(0) { $0 + Int(replicaCount[$1]) }
        }
        func rackTotal(_ r: Int, level: Int) -> Int {
            var s = 0
            for b in members[r] { s += min(max(level, lo[b]), hi[b]) }
            return min(max(s, rackLo[r]), rackHi[r])
        }
        func sum(level: Int) -> Int {
            var s = 0
            for r in 0..<rackCount where !members[r].isEmpty { s += rackTotal(r, level: level) }
            return s
        }
        var low = 0
        var high = total + 1
        while low + 1 < high {  // largest level with sum(level) <= total
            let mid = (low + high) / 2
            if sum(level: mid) <= total { low = mid } else { high = mid }
        }
        let level = low
        var rackTarget = [Int](repeating: 0, count: rackCount)
        for r in 0..<rackCount where !members[r].isEmpty { rackTarget[r] = rackTotal(r, level: level) }
        var remainder = total - rackTarget.reduce(0, +)
        if remainder > 0 {
            // Racks that are above their share today keep the extra replicas.
            let order = (0..<rackCount).filter { !members[$0].isEmpty }.sorted {
                let a = currentOfRack[$0] - rackTarget[$0], b = currentOfRack[$1] - rackTarget[$1]
                return a != b ? a > b : $0 < $1
            }
            // First up to what each rack holds above its level today, then wherever there is room.
            for pass in 0..<2 {
                for r in order where remainder > 0 {
                    let room = rackTotal(r, level: level + 1) - rackTarget[r]
                    let want = pass == 0 ? max(0, currentOfRack[r] - rackTarget[r]) : room
                    let give = min(room, want, remainder)
                    rackTarget[r] += give
                    remainder -= give
                }
            }
        }
        var target = [Int32](repeating: 0, count: brokerCount)
        for r in 0..<rackCount where !members[r].isEmpty {
            let m = members[r]
            var l = 0
            var h = rackTarget[r] + 1
            func brokerSum(_ level: Int) -> Int { m.reduce(0) { $0 + min(max(level, lo[$1]), hi[$1]) } }
            while l + 1 < h {
                let mid = (l + h) / 2
                if brokerSum(mid) <= rackTarget[r] { l = mid } else { h = mid }
            }
            for b in m { target[b] = Int32(min(max(l, lo[b]), hi[b])) }
            var left = rackTarget[r] - brokerSum(l)
            let order = m.sorted {
                let a = Int(replicaCount[$0]) - Int(target[$0]), c = Int(replicaCount[$1]) - Int(target[$1])
                return a != c ? a > c : $0 < $1
            }
            for b in order where left > 0 && min(max(l + 1, lo[b]), hi[b]) > Int(target[b]) {
                target[b] += 1
                left -= 1
            }
        }
        self.target = target
    }

    /// Fewest replica moves that reach `target` (each move lowers one over-target broker by one).
    func countLowerBound() -> Int {
        var n = 0
        for b in 0..<brokerCount where replicaCount[b] > target[b] { n += Int(replicaCount[b] - target[b]) }
        return n
    }
}
