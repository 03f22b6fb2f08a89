/// The lifecycle of a simulated broker process.
public enum BrokerProcessState: Sendable, Hashable {
    /// Serving requests and replicating.
    case running
    /// Started, recovering its log dirs; registers with the controller when `untilMs` is reached.
    case recovering(untilMs: Int64)
    /// Process gone (killed or shut down). `clean` is true after a controlled shutdown.
    case stopped(clean: Bool)
    /// Process alive but not making progress: accepts connections, answers nothing, stops heartbeating.
    case hung
}

/// A simulated broker as the controller and the replication model see it.
public struct BrokerModel: Sendable, Hashable {
    public var id: Int32
    public var rack: String?
    public var state: BrokerProcessState = .running
    /// Registered with the controller (false after UnregisterBroker while stopped).
    public var registered = true
    /// Fenced by the controller: no leadership, not in any ISR.
    public var fenced = false
    /// Last time the controller heard a heartbeat (simulated ms).
    public var lastHeartbeatMs: Int64 = 0
    /// How far the broker has replicated the metadata log (`__cluster_metadata`) as an observer of the quorum:
    /// it fetches with every heartbeat, so a broker cut from the controller falls behind.
    public var metadataOffset: Int64 = 0
    /// Fault: cut from the controller quorum (heartbeats lost; data plane still reachable).
    public var partitionedFromController = false
    /// Fault: disk throughput divided by this factor (1 = healthy).
    public var diskSlowdownFactor: Int64 = 1
    /// Fault: log dir corrupted, the next start recovers every byte at a tenth of the usual speed.
    public var logDirCorrupted = false
    /// The log dir's path and capacity.
    public var logDir = "/var/lib/kafka/data"
    public var logDirCapacityBytes: Int64
    /// Dynamic per-broker configs set through IncrementalAlterConfigs.
    public var dynamicConfigs: [String: String] = [:]
    /// The listener port of its simulated server (0 until it listens).
    public var port: Int32 = 0

    public var isRunning: Bool { state == .running }
    /// Can lead and follow partitions: running and not fenced.
    public var isServing: Bool { state == .running && !fenced }
}
