extension ClusterDescription {
    /// Reads the JSON format of the peer planners in `../shared/bench/planner-peers/`:
    /// `{"brokers":[{"id":1,"rack":"r0"}], "partitions":[{"topic":"t","partition":0,"replicas":[1,2,3],"size":123}]}`.
    ///
    /// Capstan extensions, all optional: broker `"capacity"` (bytes), `"state"` (`active`, `cordoned`,
    /// `removing`), `"cordoned": true`, `"removing": true`; partition `"produce_rate"` (bytes/s).
    /// `"size"` defaults to 1, as in the peers. Unknown members are ignored.
    /// Only the syntax and the types are checked here; ``RebalancePlanner`` checks the content.
    public init(json: [UInt8]) throws(BalanceError) {
        var scanner = JSONScanner(json)
        var brokers: [BrokerDescription] = []
        var partitions: [PartitionDescription] = []
        var sawBrokers = false
        var sawPartitions = false
        try scanner.forEachMember { (s: inout JSONScanner, key: String) throws(BalanceError) in
            switch key {
            case "brokers":
                sawBrokers = true
                try s.forEachElement { (s: inout JSONScanner, i: Int) throws(BalanceError) in
                    brokers.append(try Self.readBroker(&s, index: i))
                }
            case "partitions":
                sawPartitions = true
                partitions.reserveCapacity(max(0, json.count / 80))
                try s.forEachElement { (s: inout JSONScanner, i: Int) throws(BalanceError) in
                    partitions.append(try Self.readPartition(&s, index: i))
                }
            default:
                try s.skipValue()
            }
        }
        try scanner.expectEnd()
        if !sawBrokers {
            throw BalanceError(.malformedJSON, "the cluster JSON has no \"brokers\" list; add \"brokers\": [{\"id\": 1, \"rack\": \"r0\"}, ...]")
        }
        if !sawPartitions {
            throw BalanceError(.malformedJSON, "the cluster JSON has no \"partitions\" list; add \"partitions\": [{\"topic\": ..., \"partition\": 0, \"replicas\": [...]}]")
        }
        self.init(brokers: brokers, partitions: partitions)
    }

    private static func readBroker(_ s: inout JSONScanner, index: Int) throws(BalanceError) -> BrokerDescription {
        var id: Int64?
        var broker = BrokerDescription(id: 0)
        try s.forEachMember { (s: inout JSONScanner, key: String) throws(BalanceError) in
            switch key {
            case "id":
                guard let v = try s.readNumber().integer, let i = Int32(exactly: v), i >= 0 else {
                    throw BalanceError(.invalidBroker, "brokers[\(index)]: \"id\" must be a non-negative integer node id")
                }
                id = Int64(i)
            case "rack":
                broker.rack = s.readNull() ? nil : try s.readString()
            case "capacity":
                if s.readNull() { broker.capacityBytes = nil; return }
                let n = try s.readNumber()
                guard n.value >= 0, n.value < 9.2e18 else {
                    throw BalanceError(.invalidBroker, "brokers[\(index)]: \"capacity\" must be a non-negative number of bytes")
                }
                broker.capacityBytes = n.integer ?? Int64(n.value)
            case "state":
                let text = try s.readString()
                guard let state = BrokerState(rawValue: text) else {
                    throw BalanceError(.invalidBroker, "brokers[\(index)]: \"state\" is \"\(text)\"; use active, cordoned or removing")
                }
                broker.state = state
            case "cordoned":
                if try s.readBool() { broker.state = .cordoned }
            case "removing":
                if try s.readBool() { broker.state = .removing }
            default:
                try s.skipValue()
            }
        }
        guard let id else {
            throw BalanceError(.invalidBroker, "brokers[\(index)]: missing \"id\"")
        }
        broker.id = Int32(id)
        return broker
    }

    private static func readPartition(_ s: inout JSONScanner, index: Int) throws(BalanceError) -> PartitionDescription {
        var topic: String?
        var number: Int32?
        var replicas: [Int32]?
        var size: Int64 = 1
        var rate: Double?
        func where_() -> String {
            if let topic, let number { return "partition \(topic)-\(number) (partitions[\(index)])" }
            return "partitions[\(index)]"
        }
        try s.forEachMember { (s: inout JSONScanner, key: String) throws(BalanceError) in
            do throws(BalanceError) {
                switch key {
                case "topic":
                    topic = try s.readString()
                case "partition":
                    guard let v = try s.readNumber().integer, let p = Int32(exactly: v), p >= 0 else {
                        throw BalanceError(.invalidPartition, "\(where_()): \"partition\" must be a non-negative integer")
                    }
                    number = p
                case "replicas":
                    var list: [Int32] = []
                    list.reserveCapacity(4)
                    try s.forEachElement { (s: inout JSONScanner, _: Int) throws(BalanceError) in
                        guard let v = try s.readNumber().integer, let b = Int32(exactly: v) else {
                            throw BalanceError(.invalidPartition, "\(where_()): \"replicas\" must be a list of integer broker ids")
                        }
                        list.append(b)
                    }
                    replicas = list
                case "size":
                    if s.readNull() { return }
                    let n = try s.readNumber()
                    guard n.value >= 0, n.value < 9.2e18 else {
                        throw BalanceError(.invalidPartition, "\(where_()): \"size\" must be a non-negative number of bytes")
                    }
                    size = n.integer ?? Int64(n.value)
                case "produce_rate":
                    if s.readNull() { return }
                    let n = try s.readNumber()
                    guard n.value >= 0 else {
                        throw BalanceError(.invalidPartition, "\(where_()): \"produce_rate\" must be a non-negative number of bytes per second")
                    }
                    rate = n.value
                default:
                    try s.skipValue()
                }
            } catch where error.code == .malformedJSON {
                // Say which partition the bad JSON belongs to.
                throw BalanceError(.malformedJSON, "\(where_()), member \"\(key)\": \(error.message)")
            }
        }
        guard let topic else { throw BalanceError(.invalidPartition, "\(where_()): missing \"topic\"") }
        guard let number else { throw BalanceError(.invalidPartition, "\(where_()): missing \"partition\"") }
        guard let replicas else {
            throw BalanceError(.invalidPartition, "\(where_()): missing \"replicas\" (a list of broker ids, preferred leader first)")
        }
        return PartitionDescription(topic: topic, partition: number, replicas: replicas, sizeBytes: size,
                                    produceBytesPerSecond: rate)
    }
}
