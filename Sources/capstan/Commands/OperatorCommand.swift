import ArgumentParser
import CapstanOperator
import Foundation
import KubernetesClient
import KubernetesController
import Logging
import ServiceLifecycle

/// `capstan operator`: runs Capstan's controllers against a real Kubernetes cluster until SIGTERM/SIGINT.
struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator",
        abstract: "Run the Capstan controllers against a Kubernetes cluster.",
        discussion: """
            Connects with --kubeconfig, else $KUBECONFIG, else the in-cluster service account, else \
            ~/.kube/config. Serves /healthz, /readyz and /metrics on --metrics-address. SIGTERM or SIGINT \
            stops it gracefully: in-flight reconciles finish and the leader lease is released.
            """
    )

    @Option(name: .long, help: "Kubeconfig file (default: $KUBECONFIG, else in-cluster, else ~/.kube/config).")
    var kubeconfig: String?

    @Option(name: .long, help: "Kubeconfig context to use (default: the current context).")
    var context: String?

    @Option(name: .long, help: "Namespace to watch; repeat for several (default: every namespace).")
    var namespace: [String] = []

    @Flag(name: .customLong("leader-elect"), help: "Elect a leader through a Lease so that only one replica reconciles.")
    var leaderElect = false

    @Option(name: .customLong("leader-election-namespace"), help: "Namespace of the Lease (default: $POD_NAMESPACE, else the in-cluster namespace, else capstan-system).")
    var leaderElectionNamespace: String?

    @Option(name: .customLong("metrics-address"), help: "host:port serving /metrics, /healthz and /readyz; an empty string turns it off.")
    var metricsAddress = "0.0.0.0:8080"

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        _ = try parsedLogLevel()
        _ = try parsedMetricsAddress()
        for name in namespace where name.isEmpty {
            throw ValidationError("--namespace needs a namespace name; leave it out to watch every namespace")
        }
    }

    func run() async throws {
        let level = try parsedLogLevel()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "capstan.operator")
        let environment = ProcessInfo.processInfo.environment
        let clientConfiguration = try ClientConfiguration.detect(kubeconfig: kubeconfig, context: context)
        let client = try KubeClient(configuration: clientConfiguration)
        let identity = (environment["POD_NAME"] ?? ProcessInfo.processInfo.hostName) + "-" + String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let probe = try parsedMetricsAddress()
        let election = leaderElect
            ? ManagerConfiguration.LeaderElection(
                leaseName: "capstan-operator",
                leaseNamespace: leaderElectionNamespace ?? environment["POD_NAMESPACE"] ?? Self.inClusterNamespace() ?? "capstan-system")
            : nil
        let manager = try ControllerManager(
            client: client,
            configuration: ManagerConfiguration(
                identity: identity, leaderElection: election, probeHost: probe?.host ?? "0.0.0.0", probePort: probe?.port),
            logger: logger)
        let connections = CapstanControllers.register(
            on: manager, configuration: CapstanOperatorConfiguration(namespaces: namespace))
        logger.info(
            "starting",
            metadata: [
                "server": "\(clientConfiguration.server)", "namespaces": "\(namespace.isEmpty ? "all" : namespace.joined(separator: ","))",
                "leaderElection": "\(election.map { "\($0.leaseNamespace)/\($0.leaseName)" } ?? "off")", "identity": "\(identity)",
            ])
        // Listed first so that it stops last: the manager's in-flight reconciles may still use Kafka.
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: connections), .init(service: manager)], gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    func parsedLogLevel() throws -> Logger.Level {
        guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
            throw ValidationError("--log-level '\(logLevel)' is not a level; use trace, debug, info, notice, warning, error or critical")
        }
        return level
    }

    func parsedMetricsAddress() throws -> (host: String, port: Int)? {
        guard !metricsAddress.isEmpty else { return nil }
        guard let colon = metricsAddress.lastIndex(of: ":"), let port = Int(metricsAddress[metricsAddress.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ValidationError("--metrics-address '\(metricsAddress)' must be host:port, e.g. 0.0.0.0:8080")
        }
        let host = String(metricsAddress[..<colon])
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }

    static func inClusterNamespace() -> String? {
        let path = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"
        return (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
