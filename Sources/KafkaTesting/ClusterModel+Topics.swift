import KafkaProtocol

extension ClusterModel {
    /// Creates a topic like the KRaft controller: validates, places replicas rack-aware round-robin over
    /// unfenced brokers, commits through the quorum.
    @discardableResult
    public mutating func createTopic(
        _ name: String, partitions requestedPartitions: Int32 = -1, replicationFactor requestedRF: Int16 = -1,
        assignments: [Int32: [Int32]] = [:], configs: [String: String] = [:], validateOnly: Bool = false
    ) throws(SimulatedKafkaError) -> TopicModel {
        try Self.validateTopicName(name)
        guard topics[name] == nil else {
            throw SimulatedKafkaError(.topicAlreadyExists, "Topic '\(name)' already exists.")
        }
        if let value = configs["min.insync.replicas"], Int(value).map({ $0 < 1 }) ?? true {
            throw SimulatedKafkaError(.invalidConfig, "Invalid value \(value) for configuration min.insync.replicas: must be an integer >= 1")
        }
        let placement: [[Int32]]
        if !assignments.isEmpty {
            let sorted = assignments.keys.sorted()
            guard sorted == Array(0..<Int32(sorted.count)) else {
                throw SimulatedKafkaError(.invalidReplicaAssignment, "Partitions of the manual assignment must be 0..<n without gaps, got \(sorted)")
            }
            // KRaft's ReplicationControlManager answers INVALID_REPLICA_ASSIGNMENT with these messages.
            for index in sorted {
                let replicas = assignments[index] ?? []
                guard !replicas.isEmpty else {
                    throw SimulatedKafkaError(.invalidReplicaAssignment, "The manual partition assignment includes an empty replica list.")
                }
                if let unknown = replicas.first(where: { brokers[$0]?.registered != true }) {
                    throw SimulatedKafkaError(
                        .invalidReplicaAssignment, "The manual partition assignment includes broker \(unknown), but no such broker is registered.")
                }
            }
            placement = sorted.map { assignments[$0] ?? [] }
        } else {
            let count = requestedPartitions == -1 ? configuration.defaultPartitions : requestedPartitions
            let rf = requestedRF == -1 ? configuration.defaultReplicationFactor : requestedRF
            guard count > 0 else {
                throw SimulatedKafkaError(.invalidPartitions, "Number of partitions must be larger than 0, got \(count).")
            }
            guard rf > 0 else {
                throw SimulatedKafkaError(.invalidReplicationFactor, "Replication factor must be larger than 0, got \(rf).")
            }
            let available = servingBrokerIds
            guard Int(rf) <= available.count else {
                throw SimulatedKafkaError(
                    .invalidReplicationFactor,
                    "Unable to replicate the partition \(rf) time(s): The target replication factor of \(rf) cannot be reached because only \(available.count) broker(s) are registered.")
            }
            placement = placeReplicas(partitions: Int(count), replicationFactor: Int(rf), startIndex: topics.count)
        }
        if validateOnly {
            return TopicModel(name: name, id: .zero, partitions: [], configs: configs)
        }
        try commitMetadataChange("CreateTopics \(name)")
        let topic = TopicModel(
            name: name, id: makeTopicId(),
            partitions: placement.enumerated().map {
                PartitionModel(topic: name, index: Int32($0.offset), replicas: $0.element, nowMs: nowMs)
            },
            configs: configs)
        topics[name] = topic
        return topic
    }

    /// Deletes a topic (and its records).
    public mutating func deleteTopic(_ name: String) throws(SimulatedKafkaError) {
        guard topics[name] != nil else {
            throw SimulatedKafkaError(.unknownTopicOrPartition, "This server does not host this topic-partition: \(name)")
        }
        try commitMetadataChange("DeleteTopics \(name)")
        topics[name] = nil
    }

    /// Grows a topic to `count` partitions (CreatePartitions).
    public mutating func createPartitions(_ name: String, count: Int32, validateOnly: Bool = false) throws(SimulatedKafkaError) {
        guard let topic = topics[name] else {
            throw SimulatedKafkaError(.unknownTopicOrPartition, "The topic '\(name)' does not exist.")
        }
        guard count > Int32(topic.partitions.count) else {
            throw SimulatedKafkaError(
                .invalidPartitions,
                "Topic currently has \(topic.partitions.count) partitions, which is higher than or equal to the requested \(count).")
        }
        let rf = topic.replicationFactor
        guard rf <= servingBrokerIds.count else {
            throw SimulatedKafkaError(.invalidReplicationFactor, "Only \(servingBrokerIds.count) brokers are available for replication factor \(rf).")
        }
        if validateOnly { return }
        try commitMetadataChange("CreatePartitions \(name)")
        let placement = placeReplicas(partitions: Int(count) - topic.partitions.count, replicationFactor: rf, startIndex: topic.partitions.count)
        for replicas in placement {
            let index = Int32(topics[name]!.partitions.count)
            topics[name]!.partitions.append(PartitionModel(topic: name, index: index, replicas: replicas, nowMs: nowMs))
        }
    }

    /// Sets synthetic traffic on a topic (model only; real records come through Produce).
    public mutating func setTraffic(_ traffic: TrafficModel, topic: String) throws(SimulatedKafkaError) {
        guard topics[topic] != nil else {
            throw SimulatedKafkaError(.unknownTopicOrPartition, "Cannot set traffic: topic '\(topic)' does not exist")
        }
        topics[topic]!.traffic = traffic
    }

    /// Kafka's rack-aware placement: brokers interleaved across racks (a, b, c, a, b, c, ...), each
    /// partition's replicas taken consecutively from a rotating start, so replicas land on distinct racks.
    func placeReplicas(partitions: Int, replicationFactor: Int, startIndex: Int) -> [[Int32]] {
        let serving = servingBrokerIds
        var byRack: [String: [Int32]] = [:]
        for id in serving { byRack[brokers[id]?.rack ?? "", default: []].append(id) }
        let racks = byRack.keys.sorted()
        var interleaved: [Int32] = []
        var round = 0
        while interleaved.count < serving.count {
            for rack in racks where round < byRack[rack]!.count { interleaved.append(byRack[rack]![round]) }
            round += 1
        }
        let n = interleaved.count
        return (0..<partitions).map { partition in
            let start = (startIndex + partition) % n
            // A shift every n partitions spreads followers, like Kafka's replicaShift.
            let shift = ((startIndex + partition) / n) % max(1, n - 1)
            var chosen = [interleaved[start]]
            var usedRacks: Set<String> = [brokers[interleaved[start]]?.rack ?? ""]
            let followers = (0..<(n - 1)).map { interleaved[(start + 1 + (shift + $0) % (n - 1)) % n] }
            // Distinct racks first; once every rack holds a replica, any broker not chosen yet.
            for candidate in followers where chosen.count < replicationFactor {
                let rack = brokers[candidate]?.rack ?? ""
                if !usedRacks.contains(rack) {
                    chosen.append(candidate)
                    usedRacks.insert(rack)
                }
            }
            for candidate in followers where chosen.count < replicationFactor && !chosen.contains(candidate) {
                chosen.append(candidate)
            }
            return chosen
        }
    }

    static func validateTopicName(_ name: String) throws(SimulatedKafkaError) {
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
        guard !name.isEmpty, name.count <= 249, allowed, name != ".", name != ".." else {
            throw SimulatedKafkaError(
                .invalidTopicException,
                "Topic name '\(name)' is illegal: use 1 to 249 characters from ASCII alphanumerics, '.', '_' and '-'")
        }
    }
}
