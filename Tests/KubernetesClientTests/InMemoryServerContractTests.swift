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
}
