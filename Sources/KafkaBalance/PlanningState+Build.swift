extension PlanningState {
    /// Largest topic × broker table kept for the topic-spread goal (64 M counters = 256 MiB).
    static let maxTopicBrokerCells = 64 << 20

    /// Validates the input and lays it out. Every error names the broker or partition and the fix.
    init(cluster: ClusterDescription, goals: BalanceGoals) throws(BalanceError) {
        let brokers = cluster.brokers
        guard !brokers.isEmpty else {
            throw BalanceError(.invalidBroker, "the cluster has no brokers; list them under \"brokers\"")
        }
        var indexOfID: [Int32: Int32] = [:]
        indexOfID.reserveCapacity(brokers.count)
        for (i, b) in brokers.enumerated() {
            if indexOfID.updateValue(Int32(i), forKey: b.id) != nil {
                throw BalanceError(.invalidBroker, "broker id \(b.id) is listed twice under \"brokers\"; list each broker once")
            }
            if let c = b.capacityBytes, c < 0 {
                throw BalanceError(.invalidBroker, "broker \(b.id): capacity \(c) is negative")
            }
        }
        for id in goals.brokers where indexOfID[id] == nil {
            throw BalanceError(.invalidGoal, "--brokers names broker \(id), which is not in the cluster's \"brokers\" list")
        }
        if goals.mode == .removeBrokers && goals.brokers.isEmpty
            && !brokers.contains(where: { $0.state == .removing }) {
            throw BalanceError(.invalidGoal, "remove-brokers needs the brokers to drain: pass --brokers 4,5 (or mark them \"removing\")")
        }
        if !(goals.bytesTolerance >= 0) {
            throw BalanceError(.invalidGoal, "bytes tolerance must be a non-negative fraction, e.g. 0.05")
        }
        let named = Set(goals.brokers)

        // Racks: brokers without a rack each form their own.
        var rackIndex: [String: Int32] = [:]
        var rackNames: [String] = []
        var rackOf = [Int32](repeating: 0, count: brokers.count)
        for (i, b) in brokers.enumerated() {
            let name = b.rack ?? "\u{0}broker-\(b.id)"
            if let r = rackIndex[name] {
                rackOf[i] = r
            } else {
                rackOf[i] = Int32(rackNames.count)
                rackIndex[name] = Int32(rackNames.count)
                rackNames.append(b.rack ?? "(none: broker \(b.id))")
            }
        }
        var canHold = brokers.map { $0.state == .active }
        if goals.mode == .removeBrokers {
            for (i, b) in brokers.enumerated() where named.contains(b.id) { canHold[i] = false }
        }
        let holdingBrokerCount = canHold.filter { $0 }.count
        var holdingRacks = Set<Int32>()
        for i in brokers.indices where canHold[i] { holdingRacks.insert(rackOf[i]) }

        // Partitions: topics, duplicates, replica lists.
        let parts = cluster.partitions
        var topicIndex: [String: Int32] = [:]
        var topicOf = [Int32](repeating: 0, count: parts.count)
        var lastTopic: String?
        var lastIndex: Int32 = 0
        var topicCount = 0
        var keys = [UInt64](repeating: 0, count: parts.count)
        var totalSlots = 0
        var topicRF: [Int32] = []
        for (p, part) in parts.enumerated() {
            if part.topic != lastTopic {
                if let t = topicIndex[part.topic] {
                    lastIndex = t
                } else {
                    lastIndex = Int32(topicCount)
                    topicIndex[part.topic] = lastIndex
                    topicCount += 1
                    topicRF.append(0)
                }
                lastTopic = part.topic
            }
            topicOf[p] = lastIndex
            keys[p] = UInt64(UInt32(lastIndex)) << 32 | UInt64(UInt32(part.partition))
            if part.topic.isEmpty {
                throw BalanceError(.invalidPartition, "partitions[\(p)]: the topic name is empty")
            }
            if part.partition < 0 {
                throw BalanceError(.invalidPartition, "partition \(part.name): the partition number is negative")
            }
            if part.replicas.isEmpty {
                throw BalanceError(.invalidPartition, "partition \(part.name) has no replicas; list at least one broker id")
            }
            if part.sizeBytes < 0 {
                throw BalanceError(.invalidPartition, "partition \(part.name): size \(part.sizeBytes) is negative")
            }
            for (k, id) in part.replicas.enumerated() {
                guard indexOfID[id] != nil else {
                    throw BalanceError(.invalidPartition,
                                       "partition \(part.name): replica \(id) is not a known broker; add broker \(id) to \"brokers\" or fix the replica list")
                }
                if part.replicas[..<k].contains(id) {
                    throw BalanceError(.invalidPartition, "partition \(part.name): broker \(id) appears twice in replicas \(part.replicas)")
                }
            }
            if part.replicas.count > holdingBrokerCount {
                throw BalanceError(.invalidPartition,
                                   "partition \(part.name) has replication factor \(part.replicas.count) but only \(holdingBrokerCount) brokers can hold replicas; add brokers or lower its replication factor")
            }
            topicRF[Int(lastIndex)] = max(topicRF[Int(lastIndex)], Int32(part.replicas.count))
            totalSlots += part.replicas.count
        }
        // Duplicate (topic, partition) pairs: sort a copy of the packed keys unless already sorted.
        var sortedKeys = keys
        var alreadySorted = true
        for i in sortedKeys.indices.dropFirst() where sortedKeys[i - 1] >= sortedKeys[i] { alreadySorted = false; break }
        if !alreadySorted {
            sortedKeys.sort()
            for i in sortedKeys.indices.dropFirst() where sortedKeys[i - 1] == sortedKeys[i] {
                let dup = sortedKeys[i]
                let first = keys.firstIndex(of: dup) ?? 0
                throw BalanceError(.invalidPartition,
                                   "partition \(parts[first].name) is listed more than once under \"partitions\"; list each partition once")
            }
        }

        // Flat layout; in `fix` mode under-sized replica sets get empty slots (-1) up to the topic's RF.
        let grow = goals.mode == .fix
        if grow {
            totalSlots = 0
            for p in parts.indices { totalSlots += Int(topicRF[Int(topicOf[p])]) }
        }
        var offsets = [Int32](repeating: 0, count: parts.count + 1)
        var replicas = [Int32](repeating: -1, count: totalSlots)
        var sizes = [Int64](repeating: 0, count: parts.count)
        var replicaCount = [Int32](repeating: 0, count: brokers.count)
        var bytes = [Int64](repeating: 0, count: brokers.count)
        var leaderCount = [Int32](repeating: 0, count: brokers.count)
        var topicReplicaTotal = [Int32](repeating: 0, count: topicCount)
        var cursor = 0
        var totalBytes: Int64 = 0
        for (p, part) in parts.enumerated() {
            offsets[p] = Int32(cursor)
            sizes[p] = part.sizeBytes
            for (k, id) in part.replicas.enumerated() {
                let b = indexOfID[id] ?? 0
                replicas[cursor + k] = b
                replicaCount[Int(b)] += 1
                bytes[Int(b)] += part.sizeBytes
                if k == 0 { leaderCount[Int(b)] += 1 }
            }
            let width = grow ? Int(topicRF[Int(topicOf[p])]) : part.replicas.count
            totalBytes += part.sizeBytes * Int64(width)
            topicReplicaTotal[Int(topicOf[p])] += Int32(width)
            cursor += width
        }
        offsets[parts.count] = Int32(cursor)

        var hostedBy = [[Int32]](repeating: [], count: brokers.count)
        for b in brokers.indices { hostedBy[b].reserveCapacity(Int(replicaCount[b]) + 16) }
        for p in parts.indices {
            for i in Int(offsets[p])..<Int(offsets[p + 1]) where replicas[i] >= 0 {
                hostedBy[Int(replicas[i])].append(Int32(p))
            }
        }
        var topicBroker: [Int32] = []
        if topicCount * brokers.count <= Self.maxTopicBrokerCells {
            topicBroker = [Int32](repeating: 0, count: topicCount * brokers.count)
            for p in parts.indices {
                let t = Int(topicOf[p])
                for i in Int(offsets[p])..<Int(offsets[p + 1]) where replicas[i] >= 0 {
                    topicBroker[t * brokers.count + Int(replicas[i])] += 1
                }
            }
        }

        var receivable = canHold
        if goals.mode == .addBrokers {
            let newBrokers: Set<Int>
            if named.isEmpty {
                newBrokers = Set(brokers.indices.filter { replicaCount[$0] == 0 })
            } else {
                newBrokers = Set(brokers.indices.filter { named.contains(brokers[$0].id) })
            }
            if newBrokers.isEmpty {
                throw BalanceError(.invalidGoal, "add-brokers found no new broker: pass --brokers with the new broker ids")
            }
            for i in brokers.indices { receivable[i] = canHold[i] && newBrokers.contains(i) }
        }

        self.brokerCount = brokers.count
        self.brokerIDs = brokers.map(\.id)
        self.rackOf = rackOf
        self.rackNames = rackNames
        self.canHold = canHold
        self.receivable = receivable
        self.capacity = brokers.map { $0.capacityBytes ?? Int64.max / 4 }
        self.replicaCount = replicaCount
        self.bytes = bytes
        self.leaderCount = leaderCount
        self.hostedBy = hostedBy
        self.cursor = [Int32](repeating: 0, count: brokers.count)
        self.partitionCount = parts.count
        self.offsets = offsets
        self.replicas = replicas
        self.sizes = sizes
        self.topicOf = topicOf
        self.topicCount = topicCount
        self.topicReplicaTotal = topicReplicaTotal
        self.topicBroker = topicBroker
        self.holdingBrokerCount = holdingBrokerCount
        self.holdingRackCount = holdingRacks.count
        self.totalBytes = totalBytes
        self.mode = goals.mode
        self.inputPartitions = parts
    }
}
