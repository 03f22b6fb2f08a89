import KubernetesCore
import KubernetesModels

extension KafkaCluster {
    /// The Kafka version a cluster gets when `spec.version` is not set (a current 4.x release).
    public static let defaultKafkaVersion = "4.1.0"
    /// The image repository for `spec.version` when `spec.image` is not set.
    public static let defaultImageRepository = "apache/kafka"
    /// Ports of the operator's own listeners and of JMX: clients may not use them.
    public static let reservedPorts: [Int32] = [9090, 9091, MetricsExporter.jmxPort]
    /// Listener names of the operator's own listeners.
    public static let reservedListenerNames = ["controller", "replication"]
    /// The listener a cluster gets when `spec.listeners` is not set.
    public static let defaultListeners = [KafkaListener(name: "plain", port: 9092, type: .internal)]
}

extension KafkaClusterSpec: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "The desired state of a Kafka cluster.",
            properties: [
                "version": Schema.string(
                    "Apache Kafka version (4.x, KRaft only). Changing it rolls the nodes one at a time.",
                    pattern: #"^4\.[0-9]+\.[0-9]+$"#, default: KafkaCluster.defaultKafkaVersion),
                "image": Schema.string(
                    "Container image; defaults to apache/kafka:<version>. Set it for a mirror or a patched build of the same version.",
                    minLength: 1, maxLength: 512),
                "metadataVersion": Schema.string(
                    "KRaft metadata.version used when the storage is first formatted (e.g. 4.1-IV1); defaults to the latest the version supports.",
                    pattern: #"^[0-9]+\.[0-9]+(-IV[0-9]+)?$"#),
                "listeners": Schema.array(
                    "Client listeners. The operator adds its own CONTROLLER (9090) and REPLICATION (9091) listeners; defaults to one internal plaintext listener on 9092.",
                    of: KafkaListener.openAPISchema, listType: .map, mapKeys: ["name"], minItems: 1, maxItems: 16,
                    default: [["name": "plain", "port": 9092, "type": "internal"]],
                    rules: [
                        Schema.rule(
                            "self.all(l, self.exists_one(m, m.port == l.port))",
                            message: "two listeners use the same port; give each listener its own port",
                            reason: "FieldValueDuplicate"),
                    ]),
                "config": KafkaConfigOverrides.openAPISchema,
                "rack": Schema.ref(
                    RackTopology.self,
                    "Rack awareness: broker.rack is taken from this node label, and nodes are spread across its values."),
                "metrics": Schema.ref(MetricsExporter.self, "The JMX metrics endpoint."),
                "template": Schema.ref(
                    PodTemplate.self,
                    "Pod settings for every node pool of this cluster; a pool's own template overrides them."),
            ])
    }
}

extension KafkaListener: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "A listener clients connect to.",
            required: ["name", "port", "type"],
            properties: [
                "name": Schema.string(
                    "Listener name: up to 10 lower case letters and digits (it becomes the upper-case Kafka listener name). controller and replication are reserved.",
                    pattern: "^[a-z][a-z0-9]{0,9}$",
                    rules: [
                        Schema.rule(
                            "self != 'controller' && self != 'replication'",
                            message: "listener names controller and replication are the operator's own; choose another name"),
                    ]),
                "port": Schema.integer(
                    "Port the listener binds inside the Pod (1024-65535; 9090, 9091 and 9999 are reserved).",
                    minimum: 1024, maximum: 65535,
                    rules: [
                        Schema.rule(
                            "!(self in [9090, 9091, 9999])",
                            message: "ports 9090 (CONTROLLER), 9091 (REPLICATION) and 9999 (JMX) are reserved; choose another port"),
                    ]),
                "type": Schema.enumeration(
                    ListenerType.self,
                    "Where clients connect from: internal (inside the Kubernetes cluster), nodeport or loadbalancer (outside; one Service per broker).",
                    default: .internal),
                "tls": Schema.boolean("Encrypt connections with TLS.", default: false),
                "authentication": Schema.ref(
                    ListenerAuthentication.self, "How clients authenticate on this listener; none by default."),
            ],
            rules: [
                Schema.rule(
                    "!has(self.authentication) || self.authentication.type != 'tls' || (has(self.tls) && self.tls)",
                    message: "authentication type tls needs tls: true on the same listener", fieldPath: ".authentication.type"),
            ])
    }
}

extension ListenerAuthentication: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "Client authentication on a listener.",
            required: ["type"],
            properties: [
                "type": Schema.enumeration(
                    AuthenticationType.self,
                    "none, scram-sha-512 (users from KafkaUser resources) or tls (client certificates, needs tls: true).")
            ])
    }
}

extension RackTopology: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        var key = Schema.string(
            "Node label whose value is each node's rack: topology.kubernetes.io/zone (default) or topology.kubernetes.io/region.",
            default: RackTopology.defaultTopologyKey)
        key.enum = RackTopology.supportedTopologyKeys.map(JSONValue.string)
        return Schema.object("Rack awareness.", properties: ["topologyKey": key])
    }
}

extension MetricsExporter: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "The metrics endpoint of the Kafka containers.",
            properties: [
                "enabled": Schema.boolean(
                    "Expose Kafka's JMX metrics on port 9999 of every node (for a JMX exporter or an agent); off by default.",
                    default: false)
            ])
    }
}

extension KafkaClusterStatus: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "What the operator observed about a Kafka cluster.",
            properties: [
                "observedGeneration": Schema.observedGeneration,
                "conditions": Schema.statusConditions,
                "clusterId": Schema.string(
                    "The KRaft cluster id the storage was formatted with; generated once and never changed."),
                "kafkaVersion": Schema.string("The Kafka version every node runs."),
                "metadataVersion": Schema.string("The metadata.version the cluster uses."),
                "listeners": Schema.array(
                    "Where clients connect, per listener.", of: ListenerStatus.openAPISchema, listType: .map,
                    mapKeys: ["name"]),
                "nodes": Schema.array(
                    "Every node of every pool.", of: NodeStatus.openAPISchema, listType: .map, mapKeys: ["id"]),
                "readyBrokers": Schema.integer("Brokers registered and unfenced."),
                "controllers": Schema.integer("Controllers in the quorum."),
            ])
    }
}

extension ListenerStatus: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "Where clients of one listener connect.",
            required: ["name", "type", "bootstrapServers"],
            properties: [
                "name": Schema.string("The listener's name from spec.listeners."),
                "type": Schema.enumeration(ListenerType.self, "internal, nodeport or loadbalancer."),
                "bootstrapServers": Schema.string("The bootstrap.servers value for clients of this listener."),
            ])
    }
}

extension NodeStatus: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "One Kafka node as the operator last saw it.",
            required: ["id", "pool", "roles"],
            properties: [
                "id": Schema.integer("The KRaft node id."),
                "pool": Schema.string("The KafkaNodePool the node belongs to."),
                "roles": Schema.array(
                    "broker, controller or both.", of: Schema.enumeration(NodeRole.self, ""), listType: .set),
                "podPhase": Schema.string("The phase of the node's Pod (Pending, Running, ...)."),
                "registered": Schema.boolean(
                    "Registered with the controller quorum (brokers: registered and unfenced; controllers: a voter)."),
            ])
    }
}
