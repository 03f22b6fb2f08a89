import KubernetesClient
import Logging
import Prometheus
import ServiceLifecycle
import Synchronization

/// Runs controllers as one swift-service-lifecycle `Service`: the shared caches (on every replica, so a
/// new leader starts warm), leader election, the controllers (only while leading), and the probe server
/// (/healthz, /readyz: every cache synced, /metrics: Prometheus).
///
/// Graceful shutdown stops the queues and waits for in-flight reconciles, then releases the lease.
/// Losing the lease cancels the controllers (and waits for them) before `run()` throws
/// `LeaderElectionError`, ending the service: restarting from a clean state is the safe response.
public final class ControllerManager: Service {
    public let configuration: ManagerConfiguration
    public let wiring: ControllerWiring
    let logger: Logger
    let elector: LeaderElector?
    private let controllers = Mutex<[any ManagedController]>([])
    private let probePort = Mutex<(port: Int?, waiters: [CheckedContinuation<Int, Never>])>((nil, []))

    public init(
        client: KubeClient, configuration: ManagerConfiguration, clock: any ControllerClock = SystemControllerClock(),
        events: (any EventSink)? = nil, leaseLock: (any LeaseLock)? = nil,
        logger: Logger = Logger(label: "capstan.controller.manager")
    ) throws(LeaderElectionError) {
        self.configuration = configuration
        self.logger = logger
        self.wiring = ControllerWiring(
            client: client, clock: clock, logger: logger, events: events, identity: configuration.identity)
        if let election = configuration.leaderElection {
            let lock = leaseLock ?? KubeLeaseLock(client: client, name: election.leaseName, namespace: election.leaseNamespace)
            self.elector = try LeaderElector(
                lock: lock, identity: configuration.identity, configuration: election.timing, clock: clock,
                logger: logger.with("lease", "\(election.leaseNamespace)/\(election.leaseName)"))
        } else {
            self.elector = nil
        }
    }

    /// Builds and registers a controller. Call before `run()`.
    @discardableResult
    public func add<R: Reconciler>(_ builder: ControllerBuilder<R.Object>, reconciler: R) -> Controller<R> {
        let controller = builder.build(reconciler: reconciler, wiring: wiring)
        if let elector {
            controller.setReconcileGate { elector.isLeader }
        }
        controllers.withLock { $0.append(controller) }
        return controller
    }

    /// True when every cache has completed its first list (/readyz).
    public var isReady: Bool { wiring.caches.allSynced }

    /// True while this replica leads (always true without leader election).
    public var isLeader: Bool { elector?.isLeader ?? true }

    /// The Prometheus exposition text (/metrics).
    public func metricsText() -> String {
        for controller in controllers.withLock({ $0 }) { controller.updateGauges() }
        return wiring.metrics.emitToString()
    }

    /// The probe server's port once it is bound (useful with port 0).
    public func boundProbePort() async -> Int {
        await withCheckedContinuation { continuation in
            let port = probePort.withLock { state -> Int? in
                if let port = state.port { return port }
                state.waiters.append(continuation)
                return nil
            }
            if let port { continuation.resume(returning: port) }
        }
    }

    public func run() async throws {
        let controllers = self.controllers.withLock { $0 }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for informer in wiring.caches.informers {
                group.addTask { await informer.run() }
            }
            if let port = configuration.probePort {
                let server = ProbeServer(host: configuration.probeHost, port: port, logger: logger) { [self] path in
                    self.probe(path)
                }
                group.addTask {
                    try await server.run { bound in self.probeBound(bound) }
                }
            }
            do {
                try await runControllers(controllers)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
        logger.info("manager stopped")
    }

    private func runControllers(_ controllers: [any ManagedController]) async throws {
        let work: @Sendable () async throws -> Void = {
            await withGracefulShutdownHandler {
                await withTaskGroup(of: Void.self) { group in
                    for controller in controllers {
                        group.addTask { await controller.run() }
                    }
                }
            } onGracefulShutdown: {
                for controller in controllers { controller.beginShutdown() }
            }
        }
        guard let elector else {
            try await work()
            return
        }
        do {
            try await cancelWhenGracefulShutdown { try await elector.campaign() }
        } catch is CancellationError {
            return
        }
        if Task.isShuttingDownGracefully { return }
        try await elector.lead(work)
    }

    private func probe(_ path: String) -> ProbeServer.Response {
        switch path {
        case "/healthz", "/livez":
            return ProbeServer.Response(status: .ok, body: "ok\n")
        case "/readyz":
            let unsynced = wiring.caches.informers.filter { !$0.hasSynced }.map(\.name)
            if unsynced.isEmpty { return ProbeServer.Response(status: .ok, body: "ok\n") }
            return ProbeServer.Response(
                status: .serviceUnavailable, body: "caches not synced: \(unsynced.sorted().joined(separator: ", "))\n")
        case "/metrics":
            return ProbeServer.Response(status: .ok, contentType: "text/plain; version=0.0.4", body: metricsText())
        default:
            return ProbeServer.Response(status: .notFound, body: "not found; try /healthz, /readyz or /metrics\n")
        }
    }

    private func probeBound(_ port: Int) {
        let waiters = probePort.withLock { state -> [CheckedContinuation<Int, Never>] in
            state.port = port
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume(returning: port) }
    }
}
