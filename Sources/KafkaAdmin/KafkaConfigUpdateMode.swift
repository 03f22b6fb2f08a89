/// Whether and how a broker config can change without a restart (Kafka's "dynamic update mode").
public enum KafkaConfigUpdateMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Needs a broker restart.
    case readOnly = "read-only"
    /// Can be set dynamically for one broker.
    case perBroker = "per-broker"
    /// Can be set dynamically for all brokers at once (and per broker).
    case clusterWide = "cluster-wide"

    /// The mode of a broker config, or nil for names Kafka's table does not know.
    public static func ofBrokerConfig(_ name: String) -> KafkaConfigUpdateMode? {
        // Listener-prefixed keys ("listener.name.x.ssl.keystore.location") follow the per-broker rule.
        if name.hasPrefix("listener.name.") { return .perBroker }
        return brokerConfigModes[name]
    }
}
