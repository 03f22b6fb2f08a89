/// How a simulated cluster is shaped and how fast its simulated hardware is. Defaults follow Kafka's own
/// defaults where Kafka has one (`replica.lag.time.max.ms`, `broker.session.timeout.ms`, ...).
public struct SimulatedClusterConfiguration: Sendable, Hashable {
    /// The cluster id every broker reports (Metadata, DescribeCluster).
    public var clusterId: String = "capstan-simulated-cluster"
    /// Broker node ids and their racks (`broker.rack`); nil rack = no rack.
    public var brokers: [BrokerSpec] = (1...3).map { BrokerSpec(id: Int32($0), rack: nil) }
    /// KRaft controller voter ids (`controller.quorum.voters`). They are separate processes from the brokers.
    public var controllerIds: [Int32] = [1000, 1001, 1002]
    /// `replica.lag.time.max.ms`: a follower that has not caught up for this long leaves the ISR.
    public var replicaLagTimeMaxMs: Int64 = 30_000
    /// `broker.session.timeout.ms`: a broker that stops heartbeating is fenced after this long.
    public var brokerSessionTimeoutMs: Int64 = 9_000
    /// Bytes per second one broker can copy to catch its replicas up (shared by all its lagging replicas).
    public var replicationThroughputBytesPerSecond: Int64 = 100 * 1024 * 1024
    /// Bytes per second of log a broker recovers after an unclean stop (log recovery scans segments).
    public var logRecoveryBytesPerSecond: Int64 = 200 * 1024 * 1024
    /// Recovery time after a clean (controlled) shutdown: only the last segment's index is checked.
    public var cleanStartupMs: Int64 = 2_000
    /// Default `min.insync.replicas` for topics that do not set it.
    public var defaultMinInsyncReplicas: Int = 1
    /// Default `num.partitions` / `default.replication.factor` for CreateTopics with -1.
    public var defaultPartitions: Int32 = 1
    public var defaultReplicationFactor: Int16 = 3
    /// Capacity of each broker's (single) log dir in bytes.
    public var logDirCapacityBytes: Int64 = 1 << 40
    /// Real record bytes kept per partition (oldest batches are dropped beyond this: retention).
    public var retainedBytesPerPartition: Int = 16 * 1024 * 1024
    /// Wall-clock epoch milliseconds that simulated time 0 corresponds to, for timestamps clients compare
    /// with their own clock (DescribeQuorum's lastFetch/lastCaughtUp). `SimulatedKafkaCluster` sets it to
    /// the real time at start when left at 0.
    public var wallClockOriginMs: Int64 = 0
    /// Internal step of the simulation when time advances by a large amount.
    public var simulationStepMs: Int64 = 500
    /// SASL mechanisms every listener requires (`sasl.enabled.mechanisms` on a SASL_PLAINTEXT listener):
    /// any of "SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN", checked against the SCRAM users of the model. Empty
    /// means a PLAINTEXT listener where every client is `User:ANONYMOUS`.
    public var saslMechanisms: [String] = []
    /// An authorizer is configured (`authorizer.class.name`, StandardAuthorizer): requests are checked against
    /// the ACLs of the model and refused with TOPIC/GROUP/CLUSTER_AUTHORIZATION_FAILED as Kafka does.
    public var authorizationEnabled = false
    /// `super.users`: principals every ACL check allows (e.g. "User:admin").
    public var superUsers: [String] = []

    public init() {}

    /// `count` brokers with ids 1...count spread round-robin over `racks` racks named `rack-a`, `rack-b`, ...
    public static func brokers(_ count: Int, racks: Int) -> [BrokerSpec] {
        (0..<count).map { index in
            let rack = racks > 0 ? "rack-\(Character(UnicodeScalar(UInt8(97 + index % racks))))" : nil
            return BrokerSpec(id: Int32(index + 1), rack: rack)
        }
    }
}

/// One broker of the simulated cluster: its `node.id` and `broker.rack`.
public struct BrokerSpec: Sendable, Hashable {
    public var id: Int32
    public var rack: String?
    public init(id: Int32, rack: String?) {
        self.id = id
        self.rack = rack
    }
}
