import KubernetesCore

/// What the operator observed about a Kafka cluster.
public struct KafkaClusterStatus: Codable, Sendable, Hashable {
    /// The metadata.generation of the spec this status describes.
    public var observedGeneration: Int64?
    /// Ready, Reconciling, Degraded and Warning, each with the reason and what the operator waits for.
    public var conditions: [Condition]?
    /// The KRaft cluster id the storage was formatted with; generated once and never changed.
    public var clusterId: String?
    /// The Kafka version every node runs.
    public var kafkaVersion: String?
    /// The metadata.version the cluster uses.
    public var metadataVersion: String?
    /// Where clients connect, per listener.
    public var listeners: [ListenerStatus]?
    /// Every node of every pool.
    public var nodes: [NodeStatus]?
    /// Brokers registered and unfenced.
    public var readyBrokers: Int32?
    /// Controllers in the quorum.
    public var controllers: Int32?

    public init(
        observedGeneration: Int64? = nil, conditions: [Condition]? = nil, clusterId: String? = nil,
        kafkaVersion: String? = nil, metadataVersion: String? = nil, listeners: [ListenerStatus]? = nil,
        nodes: [NodeStatus]? = nil, readyBrokers: Int32? = nil, controllers: Int32? = nil
    ) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.clusterId = clusterId
        self.kafkaVersion = kafkaVersion
        self.metadataVersion = metadataVersion
        self.listeners = listeners
        self.nodes = nodes
        self.readyBrokers = readyBrokers
        self.controllers = controllers
    }
}

/// Where clients of one listener connect.
public struct ListenerStatus: Codable, Sendable, Hashable {
    /// The listener's name from spec.listeners.
    public var name: String
    /// internal, nodeport or loadbalancer.
    public var type: ListenerType
    /// The bootstrap.servers value for clients of this listener.
    public var bootstrapServers: String

    public init(name: String, type: ListenerType, bootstrapServers: String) {
        self.name = name
        self.type = type
        self.bootstrapServers = bootstrapServers
    }
}

/// One Kafka node as the operator last saw it.
public struct NodeStatus: Codable, Sendable, Hashable {
    /// The KRaft node id.
    public var id: Int32
    /// The KafkaNodePool the node belongs to.
    public var pool: String
    /// broker, controller or both.
    public var roles: [NodeRole]
    /// The phase of the node's Pod (Pending, Running, ...).
    public var podPhase: String?
    /// Registered with the controller quorum (brokers: registered and unfenced; controllers: a voter).
    public var registered: Bool?

    public init(id: Int32, pool: String, roles: [NodeRole], podPhase: String? = nil, registered: Bool? = nil) {
        self.id = id
        self.pool = pool
        self.roles = roles
        self.podPhase = podPhase
        self.registered = registered
    }
}
