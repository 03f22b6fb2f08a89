import ArgumentParser
import Foundation
import KubernetesTesting
import Logging
import ServiceLifecycle

/// `capstan sandbox`: the embedded default — API server, simulated nodes and Kafka, and the operator,
/// all in one process.
///
/// `--api-only` runs the in-memory Kubernetes API server and simulated nodes (no operator, no Kafka) and
/// writes a kubeconfig so that `kubectl` works against it: Pods are scheduled, run and become Ready. The full sandbox (simulated Kafka, the controllers)
/// is still being built; without `--api-only` the command says so plainly and exits non-zero.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run Kafka on Kubernetes entirely on this machine (no cluster needed)."
    )

    @Flag(name: .customLong("api-only"), help: "Serve only the in-memory Kubernetes API server and simulated nodes (no operator, no Kafka).")
    var apiOnly = false

    @Option(name: .long, help: "Port to listen on (127.0.0.1); 0 picks a free one.")
    var port: Int = 0

    @Option(name: .long, help: "Where to write the kubeconfig for kubectl.")
    var kubeconfig: String = ".capstan/sandbox.kubeconfig"

    @Option(name: .long, help: "Simulated nodes, spread over zone-a, zone-b and zone-c (0: API server only, Pods stay Pending).")
    var nodes: Int = 3

    func validate() throws {
        guard (0...65535).contains(port) else {
            throw ValidationError("--port must be between 0 and 65535 (0 picks a free port), got \(port)")
        }
        guard (0...250).contains(nodes) else {
            throw ValidationError("--nodes must be between 0 and 250 (each node gets a /24 of Pod IPs), got \(nodes)")
        }
    }

    func run() async throws {
        guard apiOnly else {
            print("""
                capstan sandbox: not built yet.
                The simulated Kafka cluster and the controllers it runs are open issues; see README.md for what \
                works today. `capstan sandbox --api-only` serves the in-memory Kubernetes API server with simulated nodes.
                """)
            throw ExitCode(2)
        }
        let kubeconfigPath = kubeconfig
        let nodeSpecs = SimulatedNodeSpec.zonal(count: nodes)
        let service = APIServerService(configuration: .init(port: port)) { server in
            try KubeconfigWriter.write(for: server, to: kubeconfigPath)
            func announce() {
                let nodeLine = nodeSpecs.isEmpty
                    ? "No simulated nodes (--nodes 0): Pods stay Pending."
                    : "Simulated nodes: \(nodeSpecs.map { "\($0.name) (\($0.zone ?? "no zone"))" }.joined(separator: ", "))"
                print("""
                    In-memory Kubernetes API server listening on \(server.baseURL)
                    \(nodeLine)
                    Kubeconfig written to \(kubeconfigPath). Try:
                      kubectl --kubeconfig \(kubeconfigPath) get nodes
                      export KUBECONFIG=$PWD/\(kubeconfigPath)
                    Press Ctrl-C to stop.
                    """)
                // Stdout is block-buffered when piped; show the address at once.
                fflush(nil)
            }
            guard !nodeSpecs.isEmpty else { return announce() }
            let configuration = SimulatedNodes.Configuration(
                nodes: nodeSpecs, timings: .realistic, logger: Logger(label: "capstan.sandbox.nodes"))
            try await SimulatedNodes.withSimulatedNodes(server: server, configuration: configuration) { _ in
                announce()
                // The nodes run until Ctrl-C; the API server then shuts down after them.
                try? await gracefulShutdown()
            }
        }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "capstan.sandbox")))
        try await group.run()
    }
}
