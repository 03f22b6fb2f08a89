import KafkaAdmin

/// How Capstan's controllers run: what `capstan operator` and `capstan sandbox` pass to
/// `CapstanControllers.register(on:configuration:)`.
public struct CapstanOperatorConfiguration: Sendable {
    /// The field manager of every server-side apply (one manager, `force`), so that field ownership shows
    /// which fields the operator owns.
    public var fieldManager: String
    /// Namespaces to watch; empty means every namespace.
    public var namespaces: [String]
    /// Maps every Kafka address the operator dials (the bootstrap Service's DNS name, the brokers'
    /// advertised listeners) to the address to connect to. Identity in a real cluster; the sandbox maps
    /// cluster DNS names to 127.0.0.1 ports.
    public var kafkaAddressMapper: @Sendable (KafkaBrokerAddress) -> KafkaBrokerAddress
    /// Per-request timeout of the operator's Kafka admin requests. A reconcile waits this long at most for
    /// an unreachable broker before reporting it and trying again later.
    public var kafkaRequestTimeout: Duration
    /// How soon a cluster that waits for Kafka (quorum leader, broker registration) is looked at again.
    /// Kubernetes changes wake the reconciler at once; Kafka's state can only be polled.
    public var kafkaPollInterval: Duration
    /// How often a Ready cluster is checked against Kafka (to notice a broker that dropped out).
    public var readyResyncInterval: Duration
    /// Reconciles of different clusters that may run at once.
    public var concurrency: Int

    public init(
        fieldManager: String = CapstanAPI.fieldManager, namespaces: [String] = [],
        kafkaAddressMapper: @escaping @Sendable (KafkaBrokerAddress) -> KafkaBrokerAddress = { $0 },
        kafkaRequestTimeout: Duration = .seconds(10), kafkaPollInterval: Duration = .seconds(2),
        readyResyncInterval: Duration = .seconds(60), concurrency: Int = 4
    ) {
        self.fieldManager = fieldManager
        self.namespaces = namespaces
        self.kafkaAddressMapper = kafkaAddressMapper
        self.kafkaRequestTimeout = kafkaRequestTimeout
        self.kafkaPollInterval = kafkaPollInterval
        self.readyResyncInterval = readyResyncInterval
        self.concurrency = concurrency
    }
}
