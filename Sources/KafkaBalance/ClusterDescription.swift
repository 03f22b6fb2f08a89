/// Whether a broker may hold replicas after the plan.
public enum BrokerState: String, Sendable, Hashable, Codable {
    /// Holds and receives replicas.
    case active
    /// Temporarily excluded (maintenance): every replica is moved off and none is placed on it.
    case cordoned
    /// Being removed from the cluster (scale-down): drained completely.
    case removing
}

/// One broker of the cluster as the planner sees it.
public struct BrokerDescription: Sendable, Hashable {
    /// The Kafka node id.
    public var id: Int32
    /// The broker's rack (`broker.rack`); `nil` means the broker forms a rack of its own.
    public var rack: String?
    /// Bytes this broker may hold in total (the sum of its log dirs' capacities); `nil` means unlimited.
    public var capacityBytes: Int64?
    /// Whether the broker may hold replicas after the plan.
    public var state: BrokerState

    public init(id: Int32, rack: String? = nil, capacityBytes: Int64? = nil, state: BrokerState = .active) {
        self.id = id
        self.rack = rack
        self.capacityBytes = capacityBytes
        self.state = state
    }
}

/// One partition: its replicas in preference order (the first is the preferred leader) and its size.
public struct PartitionDescription: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    /// Broker ids, preferred leader first.
    public var replicas: [Int32]
    /// Bytes of one replica's log.
    public var sizeBytes: Int64
    /// Bytes per second produced to the partition, when known (used for the throttle recommendation).
    public var produceBytesPerSecond: Double?

    public init(topic: String, partition: Int32, replicas: [Int32], sizeBytes: Int64 = 1,
                produceBytesPerSecond: Double? = nil) {
        self.topic = topic
        self.partition = partition
        self.replicas = replicas
        self.sizeBytes = sizeBytes
        self.produceBytesPerSecond = produceBytesPerSecond
    }

    /// `topic-partition`, the way Kafka's tools name a partition in messages.
    public var name: String { "\(topic)-\(partition)" }
}

/// The whole input of the planner: brokers and the current assignment.
public struct ClusterDescription: Sendable, Hashable {
    public var brokers: [BrokerDescription]
    public var partitions: [PartitionDescription]

    public init(brokers: [BrokerDescription], partitions: [PartitionDescription]) {
        self.brokers = brokers
        self.partitions = partitions
    }
}
