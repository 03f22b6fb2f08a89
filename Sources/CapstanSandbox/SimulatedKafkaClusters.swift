import KafkaTesting
import Logging
import ServiceLifecycle
import Synchronization

/// The simulated Kafka clusters of a sandbox, one per Kafka cluster id: the Pods of a KafkaCluster carry
/// the id the operator generated (`KAFKA_CLUSTER_ID`, as `kafka-storage.sh format` uses it), so nodes that
/// were formatted with the same id join the same simulated cluster, and a node restarted on its PVC finds
/// its data again.
///
/// As a `Service` it drives simulated time for every cluster from the real clock, and gives each cluster a
/// stable bootstrap port on 127.0.0.1 for clients on the host.
public final class SimulatedKafkaClusters: Service, Sendable {
    /// Simulated milliseconds per real millisecond (1 = real time).
    public let speed: Int64
    private let logger: Logger
    private let state = Mutex(State())
    private let announcements: AsyncStream<Entry>
    private let announce: AsyncStream<Entry>.Continuation

    private struct State {
        var entries: [String: Entry] = [:]
        /// The 127.0.0.1 port each node last listened on, so a restarted broker binds it again and clients
        /// holding the old metadata find it where it was.
        var ports: [String: [Int32: Int]] = [:]
    }

    /// One simulated cluster and the bootstrap proxy in front of it.
    final class Entry: Sendable {
        let cluster: SimulatedKafkaCluster
        let bootstrap = Mutex<LoopbackProxy?>(nil)

        init(cluster: SimulatedKafkaCluster) {
            self.cluster = cluster
        }
    }

    public init(speed: Int64 = 1, logger: Logger = Logger(label: "capstan.sandbox.kafka")) {
        self.speed = max(speed, 1)
        self.logger = logger
        (announcements, announce) = AsyncStream.makeStream(of: Entry.self)
    }

    /// The cluster formatted with `clusterId`, created on first use with the defaults its first node's
    /// server.properties declares (replication factor, min.insync.replicas, partitions).
    public func cluster(id clusterId: String, serverProperties: [String: String]) -> SimulatedKafkaCluster {
        let (entry, created) = state.withLock { state -> (Entry, Bool) in
            if let existing = state.entries[clusterId] { return (existing, false) }
            var configuration = SimulatedClusterConfiguration()
            configuration.clusterId = clusterId
            configuration.brokers = []
            configuration.controllerIds = []
            if let value = serverProperties["default.replication.factor"].flatMap(Int16.init) {
                configuration.defaultReplicationFactor = value
            }
            if let value = serverProperties["min.insync.replicas"].flatMap(Int.init) {
                configuration.defaultMinInsyncReplicas = value
            }
            if let value = serverProperties["num.partitions"].flatMap(Int32.init) {
                configuration.defaultPartitions = value
            }
            let entry = Entry(cluster: SimulatedKafkaCluster(configuration: configuration))
            state.entries[clusterId] = entry
            return (entry, true)
        }
        if created {
            logger.info("simulated Kafka cluster \(clusterId) formatted")
            announce.yield(entry)
        }
        return entry.cluster
    }

    /// The cluster with this id, if any node of it has started.
    public func existingCluster(id clusterId: String) -> SimulatedKafkaCluster? {
        state.withLock { $0.entries[clusterId]?.cluster }
    }

    /// The port node `nodeId` of cluster `clusterId` listened on last time, if it ever did.
    func rememberedPort(clusterId: String, nodeId: Int32) -> Int? {
        state.withLock { $0.ports[clusterId]?[nodeId] }
    }

    func remember(port: Int, clusterId: String, nodeId: Int32) {
        state.withLock { $0.ports[clusterId, default: [:]][nodeId] = port }
    }

    /// A stable 127.0.0.1 address for clients on the host: a port that forwards each connection to a
    /// running broker of the cluster. Started on first use; nil when the cluster has not started.
    public func bootstrapAddress(clusterId: String) async throws -> String? {
        guard let entry = state.withLock({ $0.entries[clusterId] }) else { return nil }
        if let proxy = entry.bootstrap.withLock({ $0 }) { return "127.0.0.1:\(proxy.port)" }
        let cluster = entry.cluster
        let proxy = try await LoopbackProxy.start(logger: logger) {
            let model = cluster.model
            return model.servingBrokerIds.compactMap { model.brokers[$0]?.port }.first { $0 > 0 }.map(Int.init)
        }
        let winner = entry.bootstrap.withLock { current -> LoopbackProxy? in
            if let current { return current }
            current = proxy
            return nil
        }
        if let winner {
            await proxy.close()
            return "127.0.0.1:\(winner.port)"
        }
        return "127.0.0.1:\(proxy.port)"
    }

    /// Drives each cluster's simulated time until cancelled, then closes the bootstrap ports.
    public func run() async throws {
        let (speed, announcements) = (self.speed, self.announcements)
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { clocks in
                for await entry in announcements {
                    clocks.addTask { await entry.cluster.runRealTimeClock(speed: speed) }
                }
            }
        }
        let proxies = state.withLock { $0.entries.values.compactMap { $0.bootstrap.withLock { $0 } } }
        for proxy in proxies { await proxy.close() }
    }
}
