import ArgumentParser
import Foundation
import KubernetesTesting
import Logging
import ServiceLifecycle

/// `capstan sandbox`: the embedded default — API server, simulated nodes and Kafka, and the operator,
/// all in one process.
///
/// `--api-only` runs the in-memory Kubernetes API server alone (no operator, no Kafka) and writes a
/// kubeconfig so that `kubectl` works against it. The full sandbox (simulated Kafka, the controllers)
/// is still being built; without `--api-only` the command says so plainly and exits non-zero.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run Kafka on Kubernetes entirely on this machine (no cluster needed)."
    )

    @Flag(name: .customLong("api-only"), help: "Serve only the in-memory Kubernetes API server (no operator, no Kafka).")
    var apiOnly = false

    @Option(name: .long, help: "Port to listen on (127.0.0.1); 0 picks a free one.")
    var port: Int = 0

    @Flag(name: .long, help: "Serve HTTPS with a CA made at start (the kubeconfig carries it as certificate-authority-data).")
    var tls = false

    @Option(name: .long, help: "Where to write the kubeconfig for kubectl.")
    var kubeconfig: String = ".capstan/sandbox.kubeconfig"

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535 (0 picks a free port), got \(port)")
        }
    }

    func run() async throws {
        guard apiOnly else {
            print("""
                capstan sandbox: not built yet.
                The simulated Kafka cluster and the controllers it runs are open issues; see README.md for what \
                works today. `capstan sandbox --api-only` serves the in-memory Kubernetes API server alone.
                """)
            throw ExitCode(2)
        }
        let kubeconfigPath = kubeconfig
        let service = APIServerService(configuration: .init(port: port, transportSecurity: tls ? .selfSigned : .plaintext)) { server in
            try KubeconfigWriter.write(for: server, to: kubeconfigPath)
            print("""
                In-memory Kubernetes API server listening on \(server.baseURL)
                Kubeconfig written to \(kubeconfigPath). Try:
                  kubectl --kubeconfig \(kubeconfigPath) get namespaces
                  export KUBECONFIG=\(kubeconfigPath.hasPrefix("/") ? "" : "$PWD/")\(kubeconfigPath)
                Press Ctrl-C to stop.
                """)
            // Stdout is block-buffered when piped; show the address at once.
            fflush(nil)
        }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "capstan.sandbox")))
        try await group.run()
    }
}
