import Logging
import NIOCore
import NIOPosix

/// A Kafka node started from the config the operator rendered (its server.properties), the way a simulated
/// kubelet starts the container of a Kafka Pod: `run()` registers the broker (or starts the controller
/// voter), listens on the port of its first listener, and on cancellation (Pod deleted) performs a
/// controlled shutdown. Its log stays in the model, as data stays on the PVC.
public struct SimulatedKafkaNode: Sendable {
    public let nodeId: Int32
    public let isBroker: Bool
    public let isController: Bool
    public let rack: String?
    public let port: Int
    public let logDir: String
    let cluster: SimulatedKafkaCluster
    let logger: Logger

    /// Parses server.properties keys: `node.id` (required), `process.roles` (broker, controller or both),
    /// `listeners` (port of the first listener; 0 = ephemeral), `log.dirs` (default `dataDirectory`),
    /// `broker.rack`.
    public init(
        cluster: SimulatedKafkaCluster, serverProperties: [String: String], dataDirectory: String,
        logger: Logger = Logger(label: "capstan.simulated-kafka.node")
    ) throws(SimulatedKafkaError) {
        guard let rawId = serverProperties["node.id"] else {
            throw SimulatedKafkaError(.invalidConfig, "server.properties: node.id is missing; set node.id to the node's integer id")
        }
        guard let id = Int32(rawId), id >= 0 else {
            throw SimulatedKafkaError(.invalidConfig, "server.properties: node.id '\(rawId)' is not a non-negative integer")
        }
        let roles = (serverProperties["process.roles"] ?? "").split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }
        guard !roles.isEmpty, roles.allSatisfy({ $0 == "broker" || $0 == "controller" }) else {
            throw SimulatedKafkaError(
                .invalidConfig, "server.properties: process.roles '\(serverProperties["process.roles"] ?? "")' must be broker, controller or broker,controller")
        }
        var port = 0
        if let listeners = serverProperties["listeners"], let first = listeners.split(separator: ",").first {
            guard let colon = first.lastIndex(of: ":"), let parsed = Int(first[first.index(after: colon)...]), (0...65535).contains(parsed) else {
                throw SimulatedKafkaError(.invalidConfig, "server.properties: listeners '\(listeners)' must look like NAME://host:port")
            }
            port = parsed
        }
        self.nodeId = id
        self.isBroker = roles.contains("broker")
        self.isController = roles.contains("controller")
        self.rack = serverProperties["broker.rack"]
        self.port = port
        self.logDir = serverProperties["log.dirs"]?.split(separator: ",").first.map(String.init) ?? dataDirectory
        self.cluster = cluster
        self.logger = logger
    }

    /// Runs the node until the task is cancelled, then shuts it down cleanly. `onListening` receives the
    /// bound port (the Pod becomes Ready when the broker is registered and listening).
    public func run(onListening: @Sendable (Int) -> Void = { _ in }) async throws {
        if isController {
            try cluster.withModel { model throws(SimulatedKafkaError) in try model.addOrStartController(nodeId) }
        }
        guard isBroker else {
            await waitForCancellation()
            try? cluster.withModel { model throws(SimulatedKafkaError) in try model.setControllerRunning(nodeId, false) }
            return
        }
        let server = try await SimulatedBrokerServer.start(
            brokerId: nodeId, cluster: cluster, port: port, group: MultiThreadedEventLoopGroup.singleton, logger: logger)
        let bound = server.port
        do {
            try await register(port: bound)
        } catch {
            await server.close()
            throw error
        }
        onListening(bound)
        await waitForCancellation()
        try? cluster.withModel { model throws(SimulatedKafkaError) in
            try model.shutDownBroker(nodeId)
            if isController { try model.setControllerRunning(nodeId, false) }
        }
        await server.close()
    }

    /// Registers the broker with the controller quorum. Like a real broker, it keeps retrying while the
    /// quorum has no majority (controllers still starting), rather than exiting.
    private func register(port: Int) async throws {
        while let waiting = tryRegister(port: port) {
            guard waiting.code == .requestTimedOut else { throw waiting }
            logger.debug("broker \(nodeId) waits for the controller quorum: \(waiting)")
            try await Task.sleep(for: Self.registrationRetryInterval)
        }
    }

    /// One registration attempt: nil when registered, else why not (`requestTimedOut` while the quorum
    /// cannot commit it).
    private func tryRegister(port: Int) -> SimulatedKafkaError? {
        let result = Result { () throws(SimulatedKafkaError) in
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.addOrStartBroker(nodeId, rack: rack, logDir: logDir)
                model.brokers[nodeId]?.port = Int32(port)
            }
        }
        switch result {
        case .success: return nil
        case .failure(let error): return error
        }
    }

    /// How often a broker retries registration while the quorum is unavailable (Kafka's broker retries
    /// its BrokerRegistration request on a similar short backoff).
    static let registrationRetryInterval: Duration = .milliseconds(200)

    private func waitForCancellation() async {
        let (stream, _) = AsyncStream<Never>.makeStream()
        for await _ in stream {}
    }
}

extension ClusterModel {
    /// A node started from its config: a new broker id registers; a known one starts (recovering its log).
    mutating func addOrStartBroker(_ id: Int32, rack: String?, logDir: String) throws(SimulatedKafkaError) {
        guard let existing = brokers[id] else {
            try commitMetadataChange("RegisterBroker \(id)")
            var broker = BrokerModel(id: id, rack: rack, logDirCapacityBytes: configuration.logDirCapacityBytes)
            broker.logDir = logDir
            broker.lastHeartbeatMs = nowMs
            brokers[id] = broker
            return
        }
        brokers[id]!.rack = rack
        brokers[id]!.logDir = logDir
        if existing.state != .running { try startBroker(id) }
    }

    mutating func addOrStartController(_ id: Int32) throws(SimulatedKafkaError) {
        if quorum.voters.contains(where: { $0.id == id }) {
            try setControllerRunning(id, true)
        } else {
            quorum.voters.append(ControllerVoter(id: id))
            quorum.maintainLeadership()
        }
    }
}
