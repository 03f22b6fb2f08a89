import KubernetesCore

/// What the operator observed about a node pool.
public struct KafkaNodePoolStatus: Codable, Sendable, Hashable {
    /// The metadata.generation of the spec this status describes.
    public var observedGeneration: Int64?
    /// Ready, Reconciling, Degraded and Warning, each with the reason and what the operator waits for.
    public var conditions: [Condition]?
    /// The node ids allocated to this pool, in allocation order. The operator keeps them stable.
    public var nodeIds: [Int32]?
    /// Number of nodes that exist (the scale subresource's status.replicas).
    public var replicas: Int32?
    /// Label selector of the pool's Pods, for the scale subresource.
    public var labelSelector: String?

    public init(
        observedGeneration: Int64? = nil, conditions: [Condition]? = nil, nodeIds: [Int32]? = nil,
        replicas: Int32? = nil, labelSelector: String? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.nodeIds = nodeIds
        self.replicas = replicas
        self.labelSelector = labelSelector
    }
}
