import KubernetesCore

/// A group of Kafka nodes with the same roles, storage and resources, belonging to one `KafkaCluster`.
public struct KafkaNodePool: Resource, HasSpec, HasStatus, Hashable {
    public static let group = CapstanAPI.group
    public static let version = CapstanAPI.version
    public static let kind = "KafkaNodePool"
    public static let plural = "kafkanodepools"
    public static let scope = ResourceScope.namespaced

    public var apiVersion: String
    public var kind: String
    public var metadata: ObjectMeta
    /// The desired pool.
    public var spec: KafkaNodePoolSpec?
    /// What the operator observed, written through `/status`.
    public var status: KafkaNodePoolStatus?

    public init(metadata: ObjectMeta = ObjectMeta(), spec: KafkaNodePoolSpec? = nil, status: KafkaNodePoolStatus? = nil) {
        self.apiVersion = KafkaNodePool.apiVersion
        self.kind = KafkaNodePool.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public init(from decoder: any Decoder) throws {
        let envelope = try CustomResourceEnvelope<KafkaNodePoolSpec, KafkaNodePoolStatus>(from: decoder)
        self.init(metadata: envelope.metadata ?? ObjectMeta(), spec: envelope.spec, status: envelope.status)
        apiVersion = envelope.apiVersion ?? KafkaNodePool.apiVersion
        kind = envelope.kind ?? KafkaNodePool.kind
    }

    /// `KafkaNodePool namespace/name`, for messages.
    public var displayName: String {
        "\(KafkaNodePool.kind) \(metadata.namespace.map { $0 + "/" } ?? "")\(metadata.name ?? "<no name>")"
    }

    /// True when the pause annotation asks the operator to leave the pool alone.
    public var isPaused: Bool { metadata.annotations?[CapstanAnnotation.paused] == "true" }
}
