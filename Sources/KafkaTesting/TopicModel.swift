import KafkaProtocol

/// A topic: id, partitions, topic-level configs and the synthetic traffic the model produces into it.
public struct TopicModel: Sendable, Hashable {
    public var name: String
    public var id: KafkaUUID
    public var partitions: [PartitionModel]
    /// Topic configs set at creation or by IncrementalAlterConfigs (all topic configs are dynamic in Kafka).
    public var configs: [String: String]
    /// Synthetic produce rate per partition (bytes/s) and message size, growing the logs without real records.
    public var traffic: TrafficModel = .idle
    public var isInternal = false

    public var replicationFactor: Int { partitions.first?.replicas.count ?? 0 }
}

/// Synthetic write traffic applied to every partition of a topic while it has a leader and enough ISR.
public struct TrafficModel: Sendable, Hashable {
    public var bytesPerSecondPerPartition: Int64
    public var messageSizeBytes: Int64

    public init(bytesPerSecondPerPartition: Int64, messageSizeBytes: Int64 = 1024) {
        self.bytesPerSecondPerPartition = bytesPerSecondPerPartition
        self.messageSizeBytes = max(1, messageSizeBytes)
    }

    public static let idle = TrafficModel(bytesPerSecondPerPartition: 0)
}
