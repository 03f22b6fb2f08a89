import KafkaProtocol

/// A topic as Metadata reports it.
public struct KafkaTopicDescription: Sendable, Hashable, Codable {
    public struct Partition: Sendable, Hashable, Codable {
        public var partition: Int32
        public var leader: Int32
        public var leaderEpoch: Int32
        public var replicas: [Int32]
        public var isr: [Int32]
        public var offlineReplicas: [Int32]
    }

    public var name: String
    public var topicId: String
    public var isInternal: Bool
    public var partitions: [Partition]

    public var replicationFactor: Int { partitions.first?.replicas.count ?? 0 }
}

/// A topic to create.
public struct KafkaNewTopic: Sendable, Hashable {
    public var name: String
    /// -1 uses the broker's `num.partitions`.
    public var partitions: Int32
    /// -1 uses the broker's `default.replication.factor`.
    public var replicationFactor: Int16
    public var configs: [String: String]
    /// Explicit replica assignment (partition -> brokers); when set, partitions and replicationFactor must be -1.
    public var replicaAssignment: [Int32: [Int32]]

    public init(
        name: String, partitions: Int32 = -1, replicationFactor: Int16 = -1, configs: [String: String] = [:],
        replicaAssignment: [Int32: [Int32]] = [:]
    ) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.configs = configs
        self.replicaAssignment = replicaAssignment
    }
}

/// What CreateTopics answered for one topic.
public struct KafkaCreatedTopic: Sendable, Hashable, Codable {
    public var name: String
    public var topicId: String
    public var partitions: Int32
    public var replicationFactor: Int16
}

extension KafkaAdminClient {
    /// Topics with partitions, leaders, replicas and ISR. nil lists every topic. Unknown names throw
    /// UNKNOWN_TOPIC_OR_PARTITION naming the topic.
    public func describeTopics(_ names: [String]? = nil, includeInternal: Bool = true) async throws(KafkaAdminError) -> [KafkaTopicDescription] {
        let metadata = try await fetchMetadata(topics: names)
        var result: [KafkaTopicDescription] = []
        for topic in metadata.topics.values.sorted(by: { $0.name < $1.name }) {
            try KafkaAdminError.check(topic.errorCode, subject: "topic '\(topic.name)'")
            if !includeInternal && topic.isInternal { continue }
            result.append(
                KafkaTopicDescription(
                    name: topic.name, topicId: topic.id, isInternal: topic.isInternal,
                    partitions: topic.partitions.map {
                        .init(
                            partition: $0.index, leader: $0.leader, leaderEpoch: $0.leaderEpoch, replicas: $0.replicas, isr: $0.isr,
                            offlineReplicas: $0.offlineReplicas)
                    }))
        }
        if let names {
            for name in names where !result.contains(where: { $0.name == name }) && (includeInternal || metadata.topics[name] == nil) {
                throw .kafka(KafkaErrorCode.unknownTopicOrPartition.rawValue, subject: "topic '\(name)'")
            }
        }
        return result
    }

    /// The names of all topics, sorted.
    public func listTopics(includeInternal: Bool = false) async throws(KafkaAdminError) -> [String] {
        try await describeTopics(nil, includeInternal: includeInternal).map(\.name)
    }

    /// Creates topics in one request. With `validateOnly` the controller checks and answers without
    /// creating anything. Throws the first per-topic error, naming the topic.
    @discardableResult
    public func createTopics(
        _ topics: [KafkaNewTopic], validateOnly: Bool = false, timeout: Duration = .seconds(30)
    ) async throws(KafkaAdminError) -> [KafkaCreatedTopic] {
        for topic in topics {
            try Validation.topicName(topic.name)
            if topic.replicaAssignment.isEmpty {
                guard topic.partitions == -1 || topic.partitions > 0 else {
                    throw .kafka(
                        KafkaErrorCode.invalidPartitions.rawValue, subject: "topic '\(topic.name)'",
                        brokerMessage: "partition count \(topic.partitions) is invalid; use a positive number (or -1 for the broker default)", withHint: false)
                }
                guard topic.replicationFactor == -1 || topic.replicationFactor > 0 else {
                    throw .kafka(
                        KafkaErrorCode.invalidReplicationFactor.rawValue, subject: "topic '\(topic.name)'",
                        brokerMessage: "replication factor \(topic.replicationFactor) is invalid; use a positive number (or -1 for the broker default)", withHint: false)
                }
            }
        }
        let request = CreateTopicsRequest(
            topics: topics.map { topic in
                .init(
                    name: topic.name, numPartitions: topic.replicaAssignment.isEmpty ? topic.partitions : -1,
                    replicationFactor: topic.replicaAssignment.isEmpty ? topic.replicationFactor : -1,
                    assignments: topic.replicaAssignment.sorted { $0.key < $1.key }.map { .init(partitionIndex: $0.key, brokerIds: $0.value) },
                    configs: topic.configs.sorted { $0.key < $1.key }.map { .init(name: $0.key, value: $0.value) })
            },
            timeoutMs: Int32(timeout.components.seconds * 1000), validateOnly: validateOnly)
        let response = try await send(request, to: .controller)
        var created: [KafkaCreatedTopic] = []
        for result in response.topics {
            try KafkaAdminError.check(result.errorCode, subject: "create topic '\(result.name)'", brokerMessage: result.errorMessage)
            created.append(
                .init(
                    name: result.name, topicId: result.topicId.description, partitions: result.numPartitions,
                    replicationFactor: result.replicationFactor))
        }
        return created
    }

    /// Deletes topics by name in one request. Throws the first per-topic error, naming the topic.
    public func deleteTopics(_ names: [String], timeout: Duration = .seconds(30)) async throws(KafkaAdminError) {
        let connection = try await connection(for: .controller)
        let version = connection.negotiatedVersion(.deleteTopics) ?? 0
        let request =
            version >= 6
            ? DeleteTopicsRequest(topics: names.map { .init(name: $0) }, timeoutMs: Int32(timeout.components.seconds * 1000))
            : DeleteTopicsRequest(topicNames: names, timeoutMs: Int32(timeout.components.seconds * 1000))
        let response = try await connection.send(request)
        for result in response.responses {
            try KafkaAdminError.check(result.errorCode, subject: "delete topic '\(result.name ?? result.topicId.description)'", brokerMessage: result.errorMessage)
        }
        state.withLock { state in
            for name in names { state.metadata?.topics.removeValue(forKey: name) }
        }
    }

    /// Raises topics' partition counts (counts are totals, not increments).
    public func createPartitions(
        _ newTotals: [String: Int32], validateOnly: Bool = false, timeout: Duration = .seconds(30)
    ) async throws(KafkaAdminError) {
        for (topic, count) in newTotals where count <= 0 {
            throw .kafka(
                KafkaErrorCode.invalidPartitions.rawValue, subject: "topic '\(topic)'",
                brokerMessage: "the new partition count \(count) must be positive and larger than the current one", withHint: false)
        }
        let request = CreatePartitionsRequest(
            topics: newTotals.sorted { $0.key < $1.key }.map { .init(name: $0.key, count: $0.value, assignments: nil) },
            timeoutMs: Int32(timeout.components.seconds * 1000), validateOnly: validateOnly)
        let response = try await send(request, to: .controller)
        for result in response.results {
            try KafkaAdminError.check(result.errorCode, subject: "create partitions for topic '\(result.name)'", brokerMessage: result.errorMessage)
        }
    }
}

enum Validation {
    /// Kafka's topic name rule: 1-249 chars of [a-zA-Z0-9._-], not "." or "..".
    static func topicName(_ name: String) throws(KafkaAdminError) {
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
        guard !name.isEmpty, name.count <= 249, allowed, name != ".", name != ".." else {
            throw .kafka(
                KafkaErrorCode.invalidTopicException.rawValue, subject: "topic '\(name)'",
                brokerMessage: "a topic name is 1 to 249 characters of letters, digits, '.', '_' and '-' (and not '.' or '..')", withHint: false)
        }
    }
}
