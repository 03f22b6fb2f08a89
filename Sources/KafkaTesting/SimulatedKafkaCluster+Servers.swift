import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization

extension SimulatedKafkaCluster {
    /// Starts a cluster whose brokers each listen on an ephemeral 127.0.0.1 port, runs `body`, then closes
    /// every listener (also when `body` throws). With `tls` the listeners are SSL (SASL_SSL when
    /// `saslMechanisms` is set too): the server certificate, and trust roots to require client certificates.
    public static func withRunningCluster<T: Sendable>(
        configuration: SimulatedClusterConfiguration = SimulatedClusterConfiguration(),
        tls: TLSConfiguration? = nil,
        logger: Logger = Logger(label: "capstan.simulated-kafka"),
        _ body: (SimulatedKafkaCluster, RunningBrokers) async throws -> T
    ) async throws -> T {
        let sslContext = try tls.map { try NIOSSLContext(configuration: $0) }
        let cluster = SimulatedKafkaCluster(configuration: configuration)
        var servers: [SimulatedBrokerServer] = []
        do {
            for id in cluster.model.brokerIds {
                let server = try await SimulatedBrokerServer.start(
                    brokerId: id, cluster: cluster, port: 0, group: MultiThreadedEventLoopGroup.singleton, logger: logger, tls: sslContext)
                servers.append(server)
                cluster.withModel { $0.brokers[id]?.port = Int32(server.port) }
            }
            let result = try await body(cluster, RunningBrokers(ports: Dictionary(uniqueKeysWithValues: servers.map { ($0.brokerId, $0.port) })))
            for server in servers { await server.close() }
            return result
        } catch {
            for server in servers { await server.close() }
            throw error
        }
    }

    /// Drives simulated time from the real clock: every `tickMs` of real time the model advances by
    /// `tickMs * speed`. Runs until the surrounding task is cancelled (the sandbox runs it as a service).
    public func runRealTimeClock(speed: Int64 = 1, tickMs: Int64 = 100) async {
        let clock = ContinuousClock()
        var last = clock.now
        while !Task.isCancelled {
            do {
                try await clock.sleep(for: .milliseconds(tickMs))
            } catch {
                return
            }
            let now = clock.now
            let elapsed = last.duration(to: now)
            last = now
            let elapsedMs = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
            advance(byMs: elapsedMs * speed)
        }
    }
}

/// The listeners of a running simulated cluster.
public struct RunningBrokers: Sendable {
    /// Broker id -> port on 127.0.0.1.
    public var ports: [Int32: Int]
    /// `bootstrap.servers` for clients: every broker as `127.0.0.1:port`.
    public var bootstrapServers: String {
        ports.keys.sorted().map { "127.0.0.1:\(ports[$0]!)" }.joined(separator: ",")
    }
}
