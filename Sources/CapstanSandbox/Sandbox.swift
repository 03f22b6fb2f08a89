import CapstanOperator
import Foundation
import KafkaAdmin
import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesModels
import KubernetesTesting
import Logging
import ServiceLifecycle

/// `capstan sandbox`: Kafka on Kubernetes on one machine, no cluster needed.
///
/// The in-memory API server, simulated nodes (whose kubelet runs Kafka containers as simulated Kafka
/// nodes) and the real operator run in this process. The operator talks to the API server over HTTP and
/// to Kafka over the Kafka protocol, exactly as it would in a cluster; the only sandbox-specific piece it
/// is given is the address mapper that plays the part of cluster DNS and the Pod network.
public enum Sandbox {
    /// Runs the sandbox until Ctrl-C (SIGINT/SIGTERM) or, with `untilReady`, until everything is Ready.
    /// Throws `SandboxError` when a manifest cannot be applied, a resource fails permanently, or the
    /// timeout passes first.
    public static func run(
        _ configuration: SandboxConfiguration, display: SandboxProgressDisplay = SandboxProgressDisplay(),
        logger: Logger = Logger(label: "capstan.sandbox")
    ) async throws {
        try await APIServer.withAPIServer(
            .init(port: configuration.apiServerPort, transportSecurity: configuration.tls ? .selfSigned : .plaintext)) { server in
            try KubeconfigWriter.write(for: server, to: configuration.kubeconfigPath)
            display.note("Kubernetes API server on \(server.baseURL); kubeconfig at \(configuration.kubeconfigPath)")
            try await KubeClient.withClient(configuration: server.clientConfiguration) { client in
                try await installCustomResourceDefinitions(client)
                try await runServices(configuration, server: server, client: client, display: display, logger: logger)
            }
        }
    }

    static func runServices(
        _ configuration: SandboxConfiguration, server: APIServer, client: KubeClient, display: SandboxProgressDisplay,
        logger: Logger
    ) async throws {
        let clusters = SimulatedKafkaClusters(logger: logger.with(label: "kafka"))
        var timings = SimulatedNodeTimings.immediate
        timings.containerStartDelay = configuration.containerStartDelay
        let nodes = SimulatedNodes(
            server: server,
            configuration: .init(
                nodes: SimulatedNodeSpec.zonal(count: configuration.zones.count, zones: configuration.zones),
                runtimes: [KafkaContainerRuntime(clusters: clusters)], timings: timings,
                clock: ScaledClock(factor: configuration.nodeTimeScale)))
        let network = nodes.network
        let manager = try ControllerManager(
            client: client, configuration: ManagerConfiguration(
                identity: "capstan-sandbox", probeHost: "127.0.0.1", probePort: configuration.operatorMetricsPort))
        let operatorConfiguration = CapstanOperatorConfiguration(
            fieldManager: CapstanAPI.fieldManager,
            kafkaAddressMapper: { address in
                guard let local = network.resolve(host: address.host, port: address.port) else { return address }
                return KafkaBrokerAddress(host: local.host, port: local.port)
            },
            kafkaRequestTimeout: .seconds(5), kafkaPollInterval: .milliseconds(500))
        let connections = CapstanControllers.register(on: manager, configuration: operatorConfiguration)
        let driver = SandboxDriver(client: client, configuration: configuration, clusters: clusters, display: display, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: clusters), .init(service: nodes), .init(service: connections), .init(service: manager),
                    .init(service: driver, successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// Installs Capstan's CRDs and waits until the server serves them (Established).
    static func installCustomResourceDefinitions(_ client: KubeClient) async throws {
        let api = client.api(ApiextensionsV1.CustomResourceDefinition.self)
        for definition in CapstanCustomResourceDefinitions.all {
            _ = try await api.apply(definition, fieldManager: SandboxManifestApplier.fieldManager)
        }
        for definition in CapstanCustomResourceDefinitions.all {
            guard let name = definition.metadata.name else { continue }
            var options = WatchOptions()
            options.fieldSelector = "metadata.name=\(name)"
            options.sendInitialEvents = true
            options.resourceVersionMatch = "NotOlderThan"
            for try await event in try await api.watch(options) {
                if let current = event.object, current.isEstablished { break }
            }
        }
    }
}

extension ApiextensionsV1.CustomResourceDefinition {
    /// The server serves the resource: the Established condition is True.
    var isEstablished: Bool {
        status?.conditions?.contains { $0.type == "Established" && $0.status == "True" } ?? false
    }
}

extension Logger {
    /// A child logger whose label says which part of the sandbox speaks.
    func with(label suffix: String) -> Logger {
        var logger = Logger(label: "\(label).\(suffix)")
        logger.logLevel = logLevel
        return logger
    }
}
