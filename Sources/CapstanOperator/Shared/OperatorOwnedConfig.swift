/// The broker config keys Capstan writes itself, and why a user may not override them.
///
/// Hand-written on purpose: this is the operator's contract, not a fact about Kafka. A test cross-checks
/// every exact key against Kafka's own config definitions (../shared/kafka-config) when they are present.
public enum OperatorOwnedConfig {
    /// Exact keys the operator sets per node, with the reason shown to the user.
    public static let keys: [String: String] = [
        "node.id": "node ids are allocated by the operator (set spec.nodeIds on the KafkaNodePool)",
        "broker.id": "node ids are allocated by the operator (set spec.nodeIds on the KafkaNodePool)",
        "process.roles": "roles come from the KafkaNodePool (set spec.roles)",
        "listeners": "listeners are generated from spec.listeners plus the operator's CONTROLLER and REPLICATION listeners",
        "advertised.listeners": "advertised addresses are generated from the Services the operator creates",
        "listener.security.protocol.map": "security protocols follow spec.listeners[].tls and .authentication",
        "inter.broker.listener.name": "brokers replicate over the operator's REPLICATION listener",
        "controller.listener.names": "the quorum runs on the operator's CONTROLLER listener",
        "early.start.listeners": "the operator decides which listeners start before the authorizer is ready",
        "log.dirs": "log directories follow the KafkaNodePool's spec.storage.volumes",
        "log.dir": "log directories follow the KafkaNodePool's spec.storage.volumes",
        "metadata.log.dir": "the metadata log lives on the first storage volume",
        "broker.rack": "the rack comes from spec.rack.topologyKey",
        "cluster.id": "the cluster id is generated once and kept in status.clusterId",
    ]

    /// Key prefixes the operator owns as a whole.
    public static let prefixes: [String: String] = [
        "controller.quorum.": "the KRaft quorum (voters, bootstrap servers, timeouts) is managed by the operator",
        "listener.name.controller.": "the CONTROLLER listener is the operator's",
        "listener.name.replication.": "the REPLICATION listener is the operator's",
        "zookeeper.": "Kafka 4 runs in KRaft mode only; ZooKeeper settings have no effect",
    ]

    /// Why `key` may not be overridden, or nil when it may.
    public static func reason(for key: String) -> String? {
        if let reason = keys[key] { return reason }
        return prefixes.first { key.hasPrefix($0.key) }?.value
    }
}
