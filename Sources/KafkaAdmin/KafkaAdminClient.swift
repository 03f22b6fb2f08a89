import KafkaProtocol
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A Kafka admin client speaking the protocol natively over SwiftNIO.
///
/// Use it scoped, `try await withKafkaAdminClient(configuration) { client in ... }`, or as a long-lived
/// service: create it and call `run()` in a task group (swift-service-lifecycle compatible); `run()`
/// returns after cancellation, closing every connection. Connections are made lazily, one per broker,
/// shared by all callers (requests are pipelined), and re-made with backoff when they drop.
public final class KafkaAdminClient: Sendable {
    public let configuration: KafkaAdminConfiguration
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    let state = Mutex(ClientState())

    /// Connections by the address they were made to, and what metadata and coordinators we last saw.
    struct ClientState {
        enum Slot {
            case connecting(EventLoopFuture<KafkaBrokerConnection>)
            case connected(KafkaBrokerConnection)
        }

        var connections: [KafkaBrokerAddress: Slot] = [:]
        var metadata: KafkaClusterMetadata?
        var coordinators: [String: KafkaClusterMetadata.Broker] = [:]
        var isShutDown = false
    }

    public init(
        configuration: KafkaAdminConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "capstan.kafka-admin")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// Runs until the surrounding task is cancelled, then closes every connection.
    public func run() async {
        let (stream, continuation) = AsyncStream<Never>.makeStream()
        await withTaskCancellationHandler {
            for await _ in stream {}
        } onCancel: {
            continuation.finish()
        }
        await shutdown()
    }

    /// Closes every connection; later calls fail with `.shutdown`.
    public func shutdown() async {
        let slots = state.withLock { state in
            state.isShutDown = true
            defer { state.connections.removeAll() }
            return Array(state.connections.values)
        }
        for slot in slots {
            switch slot {
            case .connected(let connection): await connection.close()
            case .connecting(let future): if let connection = try? await future.get() { await connection.close() }
            }
        }
    }

    // MARK: Connections

    /// The live connection to `address`, made (with backoff) if there is none or it dropped.
    func connection(to address: KafkaBrokerAddress) async throws(KafkaAdminError) -> KafkaBrokerConnection {
        enum Next {
            case use(KafkaBrokerConnection)
            case wait(EventLoopFuture<KafkaBrokerConnection>)
            case make(EventLoopPromise<KafkaBrokerConnection>)
            case shutDown
        }
        let next: Next = state.withLock { state in
            if state.isShutDown { return .shutDown }
            switch state.connections[address] {
            case .connected(let connection) where connection.isActive:
                return .use(connection)
            case .connecting(let future):
                return .wait(future)
            default:
                let promise = eventLoopGroup.any().makePromise(of: KafkaBrokerConnection.self)
                state.connections[address] = .connecting(promise.futureResult)
                return .make(promise)
            }
        }
        switch next {
        case .shutDown:
            throw KafkaAdminError(code: .shutdown, message: "the admin client was shut down")
        case .use(let connection):
            return connection
        case .wait(let future):
            do {
                return try await future.get()
            } catch let error as KafkaAdminError {
                throw error
            } catch {
                throw KafkaAdminError(code: .connectionFailed, message: "\(error)", isRetriable: true)
            }
        case .make(let promise):
            do {
                let connection = try await connectWithBackoff(to: address)
                state.withLock { $0.connections[address] = .connected(connection) }
                promise.succeed(connection)
                return connection
            } catch {
                state.withLock { _ = $0.connections.removeValue(forKey: address) }
                promise.fail(error)
                throw error
            }
        }
    }

    private func connectWithBackoff(to address: KafkaBrokerAddress) async throws(KafkaAdminError) -> KafkaBrokerConnection {
        var backoff = Backoff(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff)
        var attempt = 1
        while true {
            do {
                return try await KafkaBrokerConnection.connect(
                    to: address, configuration: configuration, group: eventLoopGroup, logger: logger)
            } catch {
                // Only transport failures are worth retrying; a rejected password or version is final.
                guard error.code == .connectionFailed, attempt < max(1, configuration.connectAttempts) else { throw error }
                let delay = backoff.next()
                logger.debug("connect failed, retrying", metadata: ["broker": "\(address)", "attempt": "\(attempt)", "delay": "\(delay)"])
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw KafkaAdminError(code: .shutdown, message: "cancelled while reconnecting to \(address)")
                }
                attempt += 1
            }
        }
    }

    // MARK: Sending

    /// Sends `request` to the broker `route` names, refreshing metadata first when needed.
    public func send<Request: KafkaRequest>(
        _ request: Request, to route: KafkaRoute = .anyBroker, version: Int16? = nil
    ) async throws(KafkaAdminError) -> Request.Response {
        let connection = try await connection(for: route)
        return try await connection.send(request, version: version)
    }

    /// The connection for a route.
    func connection(for route: KafkaRoute) async throws(KafkaAdminError) -> KafkaBrokerConnection {
        switch route {
        case .anyBroker:
            if let metadata = state.withLock({ $0.metadata }), case .success(let broker) = metadata.resolve(.anyBroker),
                let connection = try? await connection(to: broker.address)
            {
                return connection
            }
            return try await bootstrapConnection()
        case .groupCoordinator(let group):
            return try await connection(to: try await coordinator(of: group).address)
        default:
            let metadata = try await clusterMetadata(refresh: false)
            switch metadata.resolve(route) {
            case .success(let broker): return try await connection(to: broker.address)
            case .failure:
                // Stale cache (new topic, moved leader): refresh once before giving up.
                let fresh = try await clusterMetadata(refresh: true)
                return try await connection(to: try fresh.resolve(route).get().address)
            }
        }
    }

    /// A connection to the first bootstrap server that answers.
    func bootstrapConnection() async throws(KafkaAdminError) -> KafkaBrokerConnection {
        var failures: [KafkaAdminError] = []
        for address in configuration.bootstrapServers {
            do {
                return try await connection(to: address)
            } catch {
                if error.code != .connectionFailed { throw error }
                failures.append(error)
            }
        }
        guard let last = failures.last else {
            throw KafkaAdminError(code: .invalidArgument, message: "no bootstrap servers configured; pass --bootstrap host:port")
        }
        if failures.count == 1 { throw last }
        throw KafkaAdminError(
            code: .connectionFailed,
            message: "none of the \(failures.count) bootstrap servers answered: " + failures.map(\.message).joined(separator: "; "),
            isRetriable: true)
    }
}

/// Exponential backoff with jitter (full jitter on the upper half).
struct Backoff {
    var current: Duration
    let maximum: Duration

    init(initial: Duration, maximum: Duration) {
        self.current = initial
        self.maximum = maximum
    }

    mutating func next() -> Duration {
        let base = current
        current = min(current * 2, maximum)
        return base / 2 + base / 2 * Double.random(in: 0...1)
    }
}

/// Runs `body` with a client and shuts the client down afterwards, whether `body` returns or throws.
public func withKafkaAdminClient<Result: Sendable>(
    _ configuration: KafkaAdminConfiguration, logger: Logger = Logger(label: "capstan.kafka-admin"),
    _ body: (KafkaAdminClient) async throws -> Result
) async throws -> Result {
    let client = KafkaAdminClient(configuration: configuration, logger: logger)
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}
