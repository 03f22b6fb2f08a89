/// Where a request must go. Kafka routes admin requests by their kind: most go to any broker, topic and
/// reassignment changes to the controller (in KRaft a broker that forwards), data-plane calls to the
/// partition leader, group calls to the group's coordinator, and per-broker calls to each broker.
public enum KafkaRoute: Hashable, Sendable {
    case anyBroker
    case controller
    case broker(Int32)
    case partitionLeader(topic: String, partition: Int32)
    case groupCoordinator(String)
}

/// What the client knows about the cluster from its last Metadata response.
public struct KafkaClusterMetadata: Sendable, Hashable {
    public struct Broker: Sendable, Hashable {
        public var id: Int32
        public var address: KafkaBrokerAddress
        public var rack: String?
    }

    public struct Partition: Sendable, Hashable {
        public var index: Int32
        public var leader: Int32
        public var leaderEpoch: Int32
        public var replicas: [Int32]
        public var isr: [Int32]
        public var offlineReplicas: [Int32]
        public var errorCode: Int16
    }

    public struct Topic: Sendable, Hashable {
        public var name: String
        public var id: String
        public var isInternal: Bool
        public var partitions: [Partition]
        public var errorCode: Int16
    }

    public var clusterId: String?
    public var controllerId: Int32
    public var brokers: [Int32: Broker]
    public var topics: [String: Topic]

    public init(clusterId: String?, controllerId: Int32, brokers: [Int32: Broker], topics: [String: Topic]) {
        self.clusterId = clusterId
        self.controllerId = controllerId
        self.brokers = brokers
        self.topics = topics
    }

    /// Resolves a route to the broker to send to, or explains why it cannot (no leader, unknown broker).
    /// Coordinators are resolved by FindCoordinator, not from metadata, so `.groupCoordinator` is an error here.
    public func resolve(_ route: KafkaRoute) -> Result<Broker, KafkaAdminError> {
        switch route {
        case .anyBroker:
            guard let broker = brokers.values.min(by: { $0.id < $1.id }) else {
                return .failure(KafkaAdminError(code: .connectionFailed, message: "the cluster metadata lists no brokers", isRetriable: true))
            }
            return .success(broker)
        case .controller:
            // KRaft brokers report a random live broker as controller; requests sent to it are forwarded.
            if let broker = brokers[controllerId] { return .success(broker) }
            return resolve(.anyBroker)
        case .broker(let id):
            guard let broker = brokers[id] else {
                return .failure(KafkaAdminError(
                    code: .invalidArgument,
                    message: "broker \(id) is not in the cluster metadata (known: \(brokers.keys.sorted().map(String.init).joined(separator: ", ")))"))
            }
            return .success(broker)
        case .partitionLeader(let topic, let partition):
            guard let topicMetadata = topics[topic] else {
                return .failure(.kafka(3, subject: "topic '\(topic)'"))
            }
            guard let partitionMetadata = topicMetadata.partitions.first(where: { $0.index == partition }) else {
                return .failure(.kafka(3, subject: "partition \(topic)-\(partition)", brokerMessage: "topic '\(topic)' has no partition \(partition) (it has \(topicMetadata.partitions.count))"))
            }
            guard partitionMetadata.leader >= 0, let broker = brokers[partitionMetadata.leader] else {
                return .failure(.kafka(5, subject: "partition \(topic)-\(partition)"))
            }
            return .success(broker)
        case .groupCoordinator(let group):
            return .failure(KafkaAdminError(code: .invalidArgument, message: "the coordinator of group '\(group)' is found with FindCoordinator, not metadata"))
        }
    }

    /// Partitions grouped by leader broker, for requests that must go to each leader (ListOffsets,
    /// DeleteRecords). Partitions without a leader are returned separately.
    public func groupByLeader(_ partitions: [(topic: String, partition: Int32)]) -> (byLeader: [Int32: [(topic: String, partition: Int32)]], leaderless: [(topic: String, partition: Int32)]) {
        var byLeader: [Int32: [(topic: String, partition: Int32)]] = [:]
        var leaderless: [(topic: String, partition: Int32)] = []
        for item in partitions {
            if case .success(let broker) = resolve(.partitionLeader(topic: item.topic, partition: item.partition)) {
                byLeader[broker.id, default: []].append(item)
            } else {
                leaderless.append(item)
            }
        }
        return (byLeader, leaderless)
    }
}
