import Foundation
import KubernetesClient
import KubernetesTesting
import Testing

/// The client contract (the same scenario `LiveClusterContractTests` runs against a real cluster) run
/// against Capstan's in-memory API server over real HTTP.
struct InMemoryServerContractTests {
    @Test func clientContractAgainstInMemoryServer() async throws {
        try await APIServer.withAPIServer { server in
            try await KubeClient.withClient(configuration: server.clientConfiguration) { client in
                try await ClientContract(client: client).run()
            }
        }
    }

    /// The live-cluster suite's own entry point (kubeconfig file -> client -> contract), pointed at the
    /// in-memory server through a kubeconfig written by `KubeconfigWriter`: what runs when KUBECONFIG is set.
    @Test func liveSuiteThroughAWrittenKubeconfig() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("kubeconfig").path
        try await APIServer.withAPIServer { server in
            try KubeconfigWriter.write(for: server, to: path)
            try await LiveClusterContractTests.runContract(kubeconfig: path)
        }
    }
}
