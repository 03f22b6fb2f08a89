/// How Kafka lets a broker config change: only in server.properties (restart), per broker, or cluster-wide
/// (which also allows per broker). Mirrors the "Dynamic update mode" column of Kafka's broker config docs.
public enum BrokerConfigUpdateMode: String, Sendable, Hashable {
    case readOnly = "read-only"
    case perBroker = "per-broker"
    case clusterWide = "cluster-wide"
}

/// Kafka's config value types as DescribeConfigs v3+ reports them.
enum KafkaConfigType: Int8 {
    case boolean = 1, string, int, short, long, double, list, `class`, password
}

/// One config the simulation knows: its default and, for broker configs, its update mode.
struct KafkaConfigEntry: Sendable {
    var name: String
    var defaultValue: String?
    var type: KafkaConfigType
    var mode: BrokerConfigUpdateMode
    var sensitive = false
}

/// The broker and topic configs the simulated cluster describes and validates: the ones an operator
/// touches (retention, replication, throttles, threads, listeners). A name outside this table is refused
/// with INVALID_CONFIG naming it, as Kafka does for unknown topic configs.
enum KafkaConfigCatalog {
    static let broker: [String: KafkaConfigEntry] = Dictionary(
        uniqueKeysWithValues: [
            KafkaConfigEntry(name: "node.id", defaultValue: nil, type: .int, mode: .readOnly),
            KafkaConfigEntry(name: "process.roles", defaultValue: "", type: .list, mode: .readOnly),
            KafkaConfigEntry(name: "broker.rack", defaultValue: nil, type: .string, mode: .readOnly),
            KafkaConfigEntry(name: "log.dirs", defaultValue: nil, type: .list, mode: .readOnly),
            KafkaConfigEntry(name: "listeners", defaultValue: "PLAINTEXT://:9092", type: .list, mode: .perBroker),
            KafkaConfigEntry(name: "auto.create.topics.enable", defaultValue: "true", type: .boolean, mode: .readOnly),
            KafkaConfigEntry(name: "default.replication.factor", defaultValue: "1", type: .int, mode: .readOnly),
            KafkaConfigEntry(name: "num.partitions", defaultValue: "1", type: .int, mode: .readOnly),
            KafkaConfigEntry(name: "replica.lag.time.max.ms", defaultValue: "30000", type: .long, mode: .readOnly),
            KafkaConfigEntry(name: "broker.session.timeout.ms", defaultValue: "9000", type: .int, mode: .readOnly),
            KafkaConfigEntry(name: "min.insync.replicas", defaultValue: "1", type: .int, mode: .clusterWide),
            KafkaConfigEntry(name: "unclean.leader.election.enable", defaultValue: "false", type: .boolean, mode: .clusterWide),
            KafkaConfigEntry(name: "log.retention.ms", defaultValue: nil, type: .long, mode: .clusterWide),
            KafkaConfigEntry(name: "log.retention.hours", defaultValue: "168", type: .int, mode: .readOnly),
            KafkaConfigEntry(name: "log.retention.bytes", defaultValue: "-1", type: .long, mode: .clusterWide),
            KafkaConfigEntry(name: "log.segment.bytes", defaultValue: "1073741824", type: .int, mode: .clusterWide),
            KafkaConfigEntry(name: "message.max.bytes", defaultValue: "1048588", type: .int, mode: .clusterWide),
            KafkaConfigEntry(name: "compression.type", defaultValue: "producer", type: .string, mode: .clusterWide),
            KafkaConfigEntry(name: "num.io.threads", defaultValue: "8", type: .int, mode: .clusterWide),
            KafkaConfigEntry(name: "num.network.threads", defaultValue: "3", type: .int, mode: .clusterWide),
            KafkaConfigEntry(name: "num.replica.fetchers", defaultValue: "1", type: .int, mode: .clusterWide),
            KafkaConfigEntry(name: "log.cleaner.threads", defaultValue: "1", type: .int, mode: .clusterWide),
            KafkaConfigEntry(name: "background.threads", defaultValue: "10", type: .int, mode: .clusterWide),
            KafkaConfigEntry(name: "leader.replication.throttled.rate", defaultValue: "9223372036854775807", type: .long, mode: .clusterWide),
            KafkaConfigEntry(name: "follower.replication.throttled.rate", defaultValue: "9223372036854775807", type: .long, mode: .clusterWide),
            KafkaConfigEntry(name: "replica.alter.log.dirs.io.max.bytes.per.second", defaultValue: "9223372036854775807", type: .long, mode: .clusterWide),
            KafkaConfigEntry(name: "ssl.keystore.location", defaultValue: nil, type: .string, mode: .perBroker),
            KafkaConfigEntry(name: "ssl.keystore.password", defaultValue: nil, type: .password, mode: .perBroker, sensitive: true),
            KafkaConfigEntry(name: "sasl.enabled.mechanisms", defaultValue: "GSSAPI", type: .list, mode: .perBroker),
        ].map { ($0.name, $0) })

    /// Topic configs; all of them can change at runtime (IncrementalAlterConfigs on the topic).
    static let topic: [String: KafkaConfigEntry] = Dictionary(
        uniqueKeysWithValues: [
            KafkaConfigEntry(name: "cleanup.policy", defaultValue: "delete", type: .list, mode: .clusterWide),
            KafkaConfigEntry(name: "compression.type", defaultValue: "producer", type: .string, mode: .clusterWide),
            KafkaConfigEntry(name: "retention.ms", defaultValue: "604800000", type: .long, mode: .clusterWide),
            KafkaConfigEntry(name: "retention.bytes", defaultValue: "-1", type: .long, mode: .clusterWide),
            KafkaConfigEntry(name: "segment.bytes", defaultValue: "1073741824", type: .int, mode: .clusterWide),
            KafkaConfigEntry(name: "max.message.bytes", defaultValue: "1048588", type: .int, mode: .clusterWide),
            KafkaConfigEntry(name: "min.insync.replicas", defaultValue: "1", type: .int, mode: .clusterWide),
            KafkaConfigEntry(name: "unclean.leader.election.enable", defaultValue: "false", type: .boolean, mode: .clusterWide),
            KafkaConfigEntry(name: "leader.replication.throttled.replicas", defaultValue: "", type: .list, mode: .clusterWide),
            KafkaConfigEntry(name: "follower.replication.throttled.replicas", defaultValue: "", type: .list, mode: .clusterWide),
            KafkaConfigEntry(name: "message.timestamp.type", defaultValue: "CreateTime", type: .string, mode: .clusterWide),
        ].map { ($0.name, $0) })
}
