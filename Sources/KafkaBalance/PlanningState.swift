/// The planner's working data: brokers and partitions as dense indices in flat arrays, so the hot loops
/// touch contiguous `Int32`/`Int64` arrays and never hash.
///
/// Broker index `b` is the position in the input's broker list; replicas hold broker indices (`-1` marks an
/// empty slot that `fix` must fill). Partition `p`'s replicas are `replicas[offsets[p] ..< offsets[p+1]]`.
struct PlanningState {
    // MARK: brokers
    let brokerCount: Int
    let brokerIDs: [Int32]
    let rackOf: [Int32]
    let rackNames: [String]
    /// May hold replicas after the plan (not cordoned, not being removed).
    let canHold: [Bool]
    /// May receive replicas in this mode (e.g. only the new brokers for `add-brokers`).
    let receivable: [Bool]
    let capacity: [Int64]
    var replicaCount: [Int32]
    var bytes: [Int64]
    var leaderCount: [Int32]
    /// Replica count each broker should end with (see `PlanningState+Targets`).
    var target: [Int32] = []
    /// Partitions hosted by each broker. May contain partitions that have since moved away: readers check.
    var hostedBy: [[Int32]]
    /// Where count balancing next samples each broker's `hostedBy` list.
    var cursor: [Int32]

    // MARK: partitions
    let partitionCount: Int
    let offsets: [Int32]
    var replicas: [Int32]
    let sizes: [Int64]
    let topicOf: [Int32]
    let topicCount: Int
    let topicReplicaTotal: [Int32]
    /// replicas of topic t on broker b at `t * brokerCount + b`; empty when that table would be too large.
    var topicBroker: [Int32]

    // MARK: derived
    let holdingBrokerCount: Int
    /// Racks that contain at least one broker able to hold replicas.
    let holdingRackCount: Int
    let totalBytes: Int64
    let mode: BalanceMode
    /// The input, kept (not copied) for names in messages and for the output.
    let inputPartitions: [PartitionDescription]

    /// The maximum number of distinct racks a partition with `rf` replicas can use.
    @inline(__always) func racksNeeded(rf: Int) -> Int { min(rf, holdingRackCount) }

    @inline(__always) func slots(_ p: Int) -> Range<Int> { Int(offsets[p])..<Int(offsets[p + 1]) }

    /// Distinct racks of partition `p` if slot `slot` held broker `broker` instead (`slot` = -1: as is).
    @inline(__always)
    func distinctRacks(_ p: Int, replacing slot: Int = -1, with broker: Int32 = -1) -> Int {
        let range = slots(p)
        var count = 0
        for i in range {
            let b = i == slot ? broker : replicas[i]
            if b < 0 { continue }
            let r = rackOf[Int(b)]
            var seen = false
            var j = range.lowerBound
            while j < i {
                let bj = j == slot ? broker : replicas[j]
                if bj >= 0 && rackOf[Int(bj)] == r { seen = true; break }
                j += 1
            }
            if !seen { count += 1 }
        }
        return count
    }

    @inline(__always) func hosts(_ p: Int, _ broker: Int32) -> Bool {
        for i in slots(p) where replicas[i] == broker { return true }
        return false
    }

    @inline(__always) func slot(of broker: Int32, in p: Int) -> Int? {
        for i in slots(p) where replicas[i] == broker { return i }
        return nil
    }

    /// Whether slot `slot` of partition `p` may move to broker `d` without breaking a hard constraint
    /// (and without making the partition's rack spread worse than it is).
    @inline(__always)
    func canMove(_ p: Int, slot: Int, to d: Int32) -> Bool {
        let di = Int(d)
        guard canHold[di], !hosts(p, d) else { return false }
        if bytes[di] + sizes[p] > capacity[di] { return false }
        let source = replicas[slot]
        if source >= 0 && rackOf[Int(source)] == rackOf[di] { return true }
        let rf = slots(p).count
        let before = distinctRacks(p)
        let after = distinctRacks(p, replacing: slot, with: d)
        return after >= min(racksNeeded(rf: rf), before + (source < 0 ? 1 : 0))
    }

    /// Moves slot `slot` of partition `p` to broker `d`, keeping every counter in step.
    mutating func move(_ p: Int, slot: Int, to d: Int32) {
        let source = replicas[slot]
        let size = sizes[p]
        let isLeader = slot == Int(offsets[p])
        let t = Int(topicOf[p])
        if source >= 0 {
            let s = Int(source)
            replicaCount[s] -= 1
            bytes[s] -= size
            if isLeader { leaderCount[s] -= 1 }
            if !topicBroker.isEmpty { topicBroker[t * brokerCount + s] -= 1 }
        }
        let di = Int(d)
        replicas[slot] = d
        replicaCount[di] += 1
        bytes[di] += size
        if isLeader { leaderCount[di] += 1 }
        if !topicBroker.isEmpty { topicBroker[t * brokerCount + di] += 1 }
        hostedBy[di].append(Int32(p))
    }

    /// Partitions whose replicas use fewer racks than they could.
    func rackViolations() -> Int {
        var n = 0
        for p in 0..<partitionCount where distinctRacks(p) < racksNeeded(rf: slots(p).count) { n += 1 }
        return n
    }
}
