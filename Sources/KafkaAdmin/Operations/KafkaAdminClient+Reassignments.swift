import KafkaProtocol

/// A partition: topic and index.
public struct KafkaTopicPartition: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)-\(partition)" }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.topic, lhs.partition) < (rhs.topic, rhs.partition)
    }
}

/// A reassignment in progress.
public struct KafkaOngoingReassignment: Sendable, Hashable, Codable {
    public var partition: KafkaTopicPartition
    public var replicas: [Int32]
    public var addingReplicas: [Int32]
    public var removingReplicas: [Int32]
}

extension KafkaAdminClient {
    /// Starts (replicas set) or cancels (replicas nil) reassignments, all in one request to the controller.
    /// Throws the first per-partition error, naming the partition.
    public func alterPartitionReassignments(
        _ targets: [KafkaTopicPartition: [Int32]?], timeout: Duration = .seconds(30)
    ) async throws(KafkaAdminError) {
        let byTopic = Dictionary(grouping: targets.keys, by: \.topic)
        let request = AlterPartitionReassignmentsRequest(
            timeoutMs: Int32(timeout.components.seconds * 1000),
            topics: byTopic.sorted { $0.key < $1.key }.map { topic, partitions in
                .init(name: topic, partitions: partitions.sorted().map { .init(partitionIndex: $0.partition, replicas: targets[$0] ?? nil) })
            })
        let response = try await send(request, to: .controller)
        try KafkaAdminError.check(response.errorCode, subject: "AlterPartitionReassignments", brokerMessage: response.errorMessage)
        for topic in response.responses {
            for partition in topic.partitions {
                try KafkaAdminError.check(
                    partition.errorCode, subject: "reassignment of \(topic.name)-\(partition.partitionIndex)", brokerMessage: partition.errorMessage)
            }
        }
    }

    /// Reassignments in progress (all, or those of the given partitions).
    public func listPartitionReassignments(_ partitions: [KafkaTopicPartition]? = nil) async throws(KafkaAdminError) -> [KafkaOngoingReassignment] {
        let request = ListPartitionReassignmentsRequest(
            topics: partitions.map { list in
                Dictionary(grouping: list, by: \.topic).sorted { $0.key < $1.key }.map {
                    .init(name: $0.key, partitionIndexes: $0.value.map(\.partition).sorted())
                }
            })
        let response = try await send(request, to: .controller)
        try KafkaAdminError.check(response.errorCode, subject: "ListPartitionReassignments", brokerMessage: response.errorMessage)
        return response.topics.flatMap { topic in
            topic.partitions.map {
                KafkaOngoingReassignment(
                    partition: .init(topic: topic.name, partition: $0.partitionIndex), replicas: $0.replicas,
                    addingReplicas: $0.addingReplicas, removingReplicas: $0.removingReplicas)
            }
        }.sorted { $0.partition < $1.partition }
    }

    /// Elects leaders: `.preferred` moves leadership back to the first replica, `.unclean` allows an
    /// out-of-sync replica. nil partitions = all. Returns per-partition errors (ELECTION_NOT_NEEDED is
    /// not an error and is left out).
    public enum ElectionType: Int8, Sendable { case preferred = 0, unclean = 1 }

    public func electLeaders(
        _ type: ElectionType = .preferred, partitions: [KafkaTopicPartition]? = nil, timeout: Duration = .seconds(30)
    ) async throws(KafkaAdminError) -> [KafkaTopicPartition: KafkaAdminError] {
        let request = ElectLeadersRequest(
            electionType: type.rawValue,
            topicPartitions: partitions.map { list in
                Dictionary(grouping: list, by: \.topic).sorted { $0.key < $1.key }.map { .init(topic: $0.key, partitions: $0.value.map(\.partition).sorted()) }
            },
            timeoutMs: Int32(timeout.components.seconds * 1000))
        let response = try await send(request, to: .controller)
        try KafkaAdminError.check(response.errorCode, subject: "ElectLeaders")
        var failures: [KafkaTopicPartition: KafkaAdminError] = [:]
        for topic in response.replicaElectionResults {
            for result in topic.partitionResult where result.errorCode != 0 && result.errorCode != KafkaErrorCode.electionNotNeeded.rawValue {
                failures[.init(topic: topic.topic, partition: result.partitionId)] = .kafka(
                    result.errorCode, subject: "leader election of \(topic.topic)-\(result.partitionId)", brokerMessage: result.errorMessage)
            }
        }
        return failures
    }
}
