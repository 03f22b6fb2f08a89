import KubernetesCore

/// The desired state of a Kafka cluster.
public struct KafkaClusterSpec: Codable, Sendable, Hashable {
    /// Apache Kafka version (4.x, KRaft only). Changing it rolls the nodes one at a time.
    public var version: String?
    /// Container image; defaults to apache/kafka:<version>. Set it for a mirror or a patched build of the same version.
    public var image: String?
    /// KRaft metadata.version used when the storage is first formatted (e.g. 4.1-IV1); defaults to the latest the version supports.
    public var metadataVersion: String?
    /// Client listeners. The operator adds its own CONTROLLER (9090) and REPLICATION (9091) listeners; defaults to one internal plaintext listener on 9092.
    public var listeners: [KafkaListener]?
    /// Broker configuration overrides (server.properties keys). Keys the operator owns (node.id, listeners, log.dirs, controller.quorum.*, ...) are refused.
    public var config: KafkaConfigOverrides?
    /// Rack awareness: broker.rack is taken from this node label, and nodes are spread across its values.
    public var rack: RackTopology?
    /// The JMX metrics endpoint.
    public var metrics: MetricsExporter?
    /// Pod settings for every node pool of this cluster; a pool's own template overrides them.
    public var template: PodTemplate?

    public init(
        version: String? = nil, image: String? = nil, metadataVersion: String? = nil,
        listeners: [KafkaListener]? = nil, config: KafkaConfigOverrides? = nil, rack: RackTopology? = nil,
        metrics: MetricsExporter? = nil, template: PodTemplate? = nil
    ) {
        self.version = version
        self.image = image
        self.metadataVersion = metadataVersion
        self.listeners = listeners
        self.config = config
        self.rack = rack
        self.metrics = metrics
        self.template = template
    }
}

/// A listener clients connect to.
public struct KafkaListener: Codable, Sendable, Hashable {
    /// Listener name: up to 10 lower case letters and digits (it becomes the upper-case Kafka listener name). controller and replication are reserved.
    public var name: String
    /// Port the listener binds inside the Pod (1024-65535; 9090, 9091 and 9999 are reserved).
    public var port: Int32
    /// Where clients connect from: internal (inside the Kubernetes cluster), nodeport or loadbalancer (outside; one Service per broker).
    public var type: ListenerType
    /// Encrypt connections with TLS.
    public var tls: Bool?
    /// How clients authenticate on this listener; none by default.
    public var authentication: ListenerAuthentication?

    public init(name: String, port: Int32, type: ListenerType = .internal, tls: Bool? = nil, authentication: ListenerAuthentication? = nil) {
        self.name = name
        self.port = port
        self.type = type
        self.tls = tls
        self.authentication = authentication
    }

    /// The Kafka listener name (`PLAIN` for `plain`).
    public var kafkaName: String { name.uppercased() }
    public var usesTLS: Bool { tls ?? false }
    public var authenticationType: AuthenticationType { authentication?.type ?? .none }
}

/// Where a listener's clients are.
public enum ListenerType: String, SchemaEnum {
    /// Inside the Kubernetes cluster, through the bootstrap Service and each Pod's DNS name.
    case `internal`
    /// Outside, through a NodePort Service per broker and the bootstrap NodePort.
    case nodeport
    /// Outside, through a LoadBalancer Service per broker and a bootstrap LoadBalancer.
    case loadbalancer

    public var isExternal: Bool { self != .internal }
}

/// Client authentication on a listener.
public struct ListenerAuthentication: Codable, Sendable, Hashable {
    /// none, scram-sha-512 (users from KafkaUser resources) or tls (client certificates, needs tls: true).
    public var type: AuthenticationType

    public init(type: AuthenticationType) {
        self.type = type
    }
}

/// How clients prove who they are.
public enum AuthenticationType: String, SchemaEnum {
    case none
    case scramSha512 = "scram-sha-512"
    case tls
}

/// Rack awareness.
public struct RackTopology: Codable, Sendable, Hashable {
    /// Node label whose value is each node's rack: topology.kubernetes.io/zone (default) or topology.kubernetes.io/region.
    public var topologyKey: String?

    public init(topologyKey: String? = nil) {
        self.topologyKey = topologyKey
    }

    public static let defaultTopologyKey = "topology.kubernetes.io/zone"
    /// The node labels Kubernetes copies onto Pods (PodTopologyLabelsAdmission), so a Pod can read its own
    /// rack through the downward API without permission to read Nodes.
    public static let supportedTopologyKeys = ["topology.kubernetes.io/zone", "topology.kubernetes.io/region"]

    public var effectiveTopologyKey: String { topologyKey ?? Self.defaultTopologyKey }
}

/// The metrics endpoint of the Kafka containers.
public struct MetricsExporter: Codable, Sendable, Hashable {
    /// Expose Kafka's JMX metrics on port 9999 of every node (for a JMX exporter or an agent); off by default.
    public var enabled: Bool?

    public init(enabled: Bool? = nil) {
        self.enabled = enabled
    }

    public static let jmxPort: Int32 = 9999
}
