import Foundation
import KubernetesTesting
import Logging
import ServiceLifecycle

/// `capstan sandbox --api-only`: the in-memory API server and simulated nodes, without the operator or
/// Kafka — a real-HTTP Kubernetes API where Pods are scheduled, run and become Ready, for anyone testing
/// controllers without a cluster.
public enum SandboxAPIOnly {
    /// Serves until SIGINT/SIGTERM. `nodes` simulated nodes are spread over zone-a, zone-b and zone-c
    /// (0: the API server alone; Pods then stay Pending).
    /// `transportSecurity` `.selfSigned` serves HTTPS with a CA made at start (`--tls`).
    public static func run(
        port: Int, kubeconfigPath: String, nodes nodeCount: Int,
        transportSecurity: APIServer.TransportSecurity = .plaintext
    ) async throws {
        let nodeSpecs = SimulatedNodeSpec.zonal(count: nodeCount)
        let service = APIServerService(configuration: .init(port: port, transportSecurity: transportSecurity)) { server in
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
