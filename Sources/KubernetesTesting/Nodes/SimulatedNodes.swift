import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesModels
import Logging
import ServiceLifecycle

/// Simulated nodes for a Kubernetes API server: registers Node objects and runs, against the API over
/// HTTP, what a real cluster runs outside the API server — a scheduler, a kubelet per node (containers
/// through `SimulatedContainerRuntime`s, probes, restarts, graceful termination), a volume provisioner,
/// a service controller, the Endpoints and EndpointSlice controllers, and the node lifecycle (heartbeats,
/// `fail`/`recover`). `network` maps cluster addresses to where simulated processes really listen.
///
/// ```swift
/// try await APIServer.withAPIServer { server in
///     try await SimulatedNodes.withSimulatedNodes(server: server) { nodes in
///         // create Pods with any client; they are scheduled, run, and become Ready
///     }
/// }
/// ```
/// As a swift-service-lifecycle `Service`, put `SimulatedNodes(clientConfiguration:configuration:)` in a
/// `ServiceGroup` next to the API server.
public final class SimulatedNodes: Service, Sendable {
    /// What to simulate.
    public struct Configuration: Sendable {
        /// The nodes; default three nodes across zone-a, zone-b and zone-c.
        public var nodes: [SimulatedNodeSpec]
        /// Asked in order which runs each container; unclaimed containers run as an idle process.
        public var runtimes: [any SimulatedContainerRuntime]
        public var timings: SimulatedNodeTimings
        /// The time source of every delay, probe period, back-off and heartbeat (a `ScaledClock` runs the
        /// simulation faster than real time).
        public var clock: any ControllerClock
        /// The default StorageClass created at start (`allowVolumeExpansion: true`).
        public var defaultStorageClass: String
        public var logger: Logger

        public init(
            nodes: [SimulatedNodeSpec] = SimulatedNodeSpec.zonal(), runtimes: [any SimulatedContainerRuntime] = [],
            timings: SimulatedNodeTimings = .immediate, clock: any ControllerClock = SystemControllerClock(),
            defaultStorageClass: String = "standard", logger: Logger = Logger(label: "capstan.simulated-nodes")
        ) {
            self.nodes = nodes
            self.runtimes = runtimes
            self.timings = timings
            self.clock = clock
            self.defaultStorageClass = defaultStorageClass
            self.logger = logger
        }
    }

    enum Readiness: Sendable {
        case starting, ready, failed(String)
    }

    public let configuration: Configuration
    let clientConfiguration: ClientConfiguration
    /// Where cluster addresses really lead (Pod IPs, DNS names, cluster IPs -> 127.0.0.1 ports).
    public let network = SimulatedNetwork()
    let failures = WatchedState<Set<String>>([])
    let readiness = WatchedState<Readiness>(.starting)

    public init(clientConfiguration: ClientConfiguration, configuration: Configuration = Configuration()) {
        self.clientConfiguration = clientConfiguration
        self.configuration = configuration
    }

    public convenience init(server: APIServer, configuration: Configuration = Configuration()) {
        self.init(clientConfiguration: server.clientConfiguration, configuration: configuration)
    }

    /// Runs the simulation until graceful shutdown (in a `ServiceGroup`) or cancellation.
    public func run() async throws {
        try await cancelWhenGracefulShutdown { try await self.simulate() }
    }

    /// Starts the simulation for the duration of `body`: the nodes are registered and every cache is
    /// synced before `body` runs; everything stops (containers are cancelled) when it returns.
    public static func withSimulatedNodes<Result: Sendable>(
        server: APIServer, configuration: Configuration = Configuration(), _ body: (SimulatedNodes) async throws -> Result
    ) async throws -> Result {
        try await withSimulatedNodes(clientConfiguration: server.clientConfiguration, configuration: configuration, body)
    }

    /// `withSimulatedNodes` for any API server the configuration reaches.
    public static func withSimulatedNodes<Result: Sendable>(
        clientConfiguration: ClientConfiguration, configuration: Configuration = Configuration(),
        _ body: (SimulatedNodes) async throws -> Result
    ) async throws -> Result {
        let nodes = SimulatedNodes(clientConfiguration: clientConfiguration, configuration: configuration)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await nodes.simulate() }
            do {
                try await nodes.waitUntilReady()
                let result = try await body(nodes)
                group.cancelAll()
                try? await group.waitForAll()
                return result
            } catch {
                group.cancelAll()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    /// Returns once the nodes are registered and the caches synced; throws if the simulation failed to start.
    public func waitUntilReady() async throws {
        await readiness.wait { if case .starting = $0 { return false } else { return true } }
        if case .failed(let message) = readiness.value {
            throw KubernetesError(code: .transport, message: "simulated nodes failed to start: \(message)")
        }
    }

    /// The node stops reporting, as when it loses power or network: its Node turns Ready=Unknown and gets
    /// the `node.kubernetes.io/unreachable` taints, every Pod on it turns Ready=False (Endpoints drop them),
    /// the scheduler avoids it, and the network no longer reaches its Pods. Containers keep running (the
    /// kubelet cannot be reached to stop them), as on a partitioned real node.
    public func fail(_ node: String) {
        failures.update { _ = $0.insert(node) }
        network.setNodeFailed(node, true)
    }

    /// The node reports again: Ready=True, taints removed, its kubelet rewrites the status of its Pods.
    public func recover(_ node: String) {
        failures.update { _ = $0.remove(node) }
        network.setNodeFailed(node, false)
    }

    func simulate() async throws {
        do {
            // Writes go through their own client, so that they never queue behind the watches' connections.
            try await KubeClient.withClient(configuration: clientConfiguration) { client in
                try await KubeClient.withClient(configuration: clientConfiguration) { watchClient1 in
                    try await KubeClient.withClient(configuration: clientConfiguration) { watchClient2 in
                        try await simulate(client: client, watchClients: (watchClient1, watchClient2))
                    }
                }
            }
        } catch {
            readiness.update { state in if case .starting = state { state = .failed("\(error)") } }
            throw error
        }
    }

    private func simulate(client: KubeClient, watchClients: (KubeClient, KubeClient)) async throws {
        let logger = configuration.logger
        let caches = ClusterCaches(clients: watchClients, clock: configuration.clock, logger: logger)
        let simulation = NodeSimulation(client: client, caches: caches, network: network, configuration: configuration,
                                        failures: failures, logger: logger)
        let agent = NodeAgent(simulation: simulation)
        try await agent.register()
        try await VolumeProvisioner.ensureDefaultStorageClass(simulation)
        let scheduler = Scheduler(simulation: simulation)
        let kubelet = Kubelet(simulation: simulation)
        let provisioner = VolumeProvisioner(simulation: simulation)
        let services = ServiceController(simulation: simulation)
        let endpoints = EndpointsController(simulation: simulation)
        caches.pods.addHandler { _ in
            scheduler.wakeup.signal()
            kubelet.wakeup.signal()
            endpoints.wakeup.signal()
            provisioner.wakeup.signal()
        }
        caches.nodes.addHandler { _ in
            scheduler.wakeup.signal()
            endpoints.wakeup.signal()
        }
        caches.claims.addHandler { _ in
            provisioner.wakeup.signal()
            kubelet.wakeup.signal()
        }
        caches.volumes.addHandler { _ in provisioner.wakeup.signal() }
        caches.storageClasses.addHandler { _ in provisioner.wakeup.signal() }
        caches.services.addHandler { _ in
            services.wakeup.signal()
            endpoints.wakeup.signal()
        }
        caches.configMaps.addHandler { _ in kubelet.wakeup.signal() }
        caches.secrets.addHandler { _ in kubelet.wakeup.signal() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for informer in caches.all { group.addTask { await informer.run() } }
            await caches.waitUntilSynced()
            group.addTask { await scheduler.run() }
            group.addTask { await kubelet.run() }
            group.addTask { await provisioner.run() }
            group.addTask { await services.run() }
            group.addTask { await endpoints.run() }
            group.addTask { await agent.run() }
            readiness.update { $0 = .ready }
            // Every task runs until cancelled; the first to return means the simulation is stopping.
            try await group.next()
            group.cancelAll()
        }
    }
}
