import KubernetesCore

/// A Kafka cluster in KRaft mode: its version, listeners, broker configuration and the settings shared
/// by its node pools. The nodes themselves are declared by `KafkaNodePool` resources that name this
/// cluster in `spec.cluster`.
public struct KafkaCluster: Resource, HasSpec, HasStatus, Hashable {
    public static let group = CapstanAPI.group
    public static let version = CapstanAPI.version
    public static let kind = "KafkaCluster"
    public static let plural = "kafkaclusters"
    public static let scope = ResourceScope.namespaced

    public var apiVersion: String
    public var kind: String
    public var metadata: ObjectMeta
    /// The desired cluster.
    public var spec: KafkaClusterSpec?
    /// What the operator observed, written through `/status`.
    public var status: KafkaClusterStatus?

    public init(metadata: ObjectMeta = ObjectMeta(), spec: KafkaClusterSpec? = KafkaClusterSpec(), status: KafkaClusterStatus? = nil) {
        self.apiVersion = KafkaCluster.apiVersion
        self.kind = KafkaCluster.kind
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    public init(from decoder: any Decoder) throws {
        let envelope = try CustomResourceEnvelope<KafkaClusterSpec, KafkaClusterStatus>(from: decoder)
        self.init(metadata: envelope.metadata ?? ObjectMeta(), spec: envelope.spec, status: envelope.status)
        apiVersion = envelope.apiVersion ?? KafkaCluster.apiVersion
        kind = envelope.kind ?? KafkaCluster.kind
    }

    /// `KafkaCluster namespace/name`, for messages.
    public var displayName: String {
        "\(KafkaCluster.kind) \(metadata.namespace.map { $0 + "/" } ?? "")\(metadata.name ?? "<no name>")"
    }

    /// True when the pause annotation asks the operator to leave the cluster alone.
    public var isPaused: Bool { metadata.annotations?[CapstanAnnotation.paused] == "true" }
}
