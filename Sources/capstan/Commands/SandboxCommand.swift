import ArgumentParser
import CapstanSandbox
import Foundation
import KubernetesTesting
import Logging
import ServiceLifecycle

/// `capstan sandbox`: the embedded default — API server, simulated nodes and Kafka, and the operator,
/// all in one process.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run Kafka on Kubernetes entirely on this machine (no cluster needed).",
        discussion: """
            Starts an in-memory Kubernetes API server, simulated nodes whose kubelet runs Kafka containers as \
            simulated Kafka nodes, and the Capstan operator against them; applies the given manifests \
            (default: examples/quickstart.yaml) and shows progress until everything is Ready. Writes \
            .capstan/sandbox.kubeconfig (for kubectl) and .capstan/sandbox.json (Kafka bootstrap addresses \
            for clients on this machine). Serves until Ctrl-C, or exits once Ready with --until-ready.
            """
    )

    @Argument(help: "Manifests to apply (YAML or JSON). Default: examples/quickstart.yaml.")
    var files: [String] = []

    @Flag(name: .customLong("api-only"), help: "Serve only the in-memory Kubernetes API server and simulated nodes (no operator, no Kafka).")
    var apiOnly = false

    @Flag(name: .customLong("until-ready"), help: "Exit 0 once every applied resource is Ready (non-zero with the reason on --timeout).")
    var untilReady = false

    @Option(name: .long, help: "With --until-ready: seconds to wait before giving up.")
    var timeout: Int = 300

    @Option(name: .long, help: "Port of the API server on 127.0.0.1; 0 picks a free one.")
    var port: Int = 0

    @Flag(name: .long, help: "Serve the API server over HTTPS with a CA made at start (the kubeconfig carries it).")
    var tls = false

    @Option(name: .long, help: "Where to write the kubeconfig for kubectl.")
    var kubeconfig: String = ".capstan/sandbox.kubeconfig"

    @Option(name: .customLong("summary"), help: "Where to write the kubeconfig path and Kafka bootstrap addresses (JSON).")
    var summary: String = ".capstan/sandbox.json"

    @Option(name: .long, help: "With --api-only: simulated nodes over zone-a, zone-b and zone-c (0: API server only, Pods stay Pending).")
    var nodes: Int = 3

    @Option(name: .customLong("start-delay-ms"), help: "Simulated time for a container to start after its Pod is scheduled.")
    var startDelayMilliseconds: Int = 300

    @Option(name: .customLong("metrics-port"), help: "Serve the operator's /metrics, /healthz and /readyz on this 127.0.0.1 port.")
    var metricsPort: Int?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "warning"

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535 (0 picks a free port), got \(port)")
        }
        guard (0...250).contains(nodes) else {
            throw ValidationError("--nodes must be between 0 and 250 (each node gets a /24 of Pod IPs), got \(nodes)")
        }
        if let metricsPort, !(1...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be between 1 and 65535, got \(metricsPort)")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds, got \(timeout)") }
        guard startDelayMilliseconds >= 0 else {
            throw ValidationError("--start-delay-ms must be 0 or more, got \(startDelayMilliseconds)")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level '\(logLevel)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        if apiOnly && !files.isEmpty {
            throw ValidationError("--api-only serves an empty cluster; apply manifests with kubectl instead of passing files")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        if apiOnly {
            try await SandboxAPIOnly.run(port: port, tls: tls, kubeconfigPath: kubeconfig, nodes: nodes)
            return
        }
        var configuration = SandboxConfiguration(manifests: try loadManifests())
        configuration.apiServerPort = port
        configuration.tls = tls
        configuration.operatorMetricsPort = metricsPort
        configuration.kubeconfigPath = kubeconfig
        configuration.summaryPath = summary
        configuration.untilReady = untilReady
        configuration.timeout = .seconds(timeout)
        configuration.containerStartDelay = .milliseconds(startDelayMilliseconds)
        do {
            try await Sandbox.run(configuration)
        } catch let error as SandboxError {
            FileHandle.standardError.write(Data("capstan sandbox: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// The given files, or the quickstart when none are given.
    func loadManifests() throws -> [SandboxManifest] {
        let paths = files.isEmpty ? ["examples/quickstart.yaml"] : files
        return try paths.map { path in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                if files.isEmpty {
                    throw ValidationError(
                        "examples/quickstart.yaml not found: run from the repository root, or pass the manifests to apply")
                }
                throw ValidationError("cannot read \(path): check the path (manifests are YAML or JSON files)")
            }
            return SandboxManifest(source: path, text: text)
        }
    }
}
