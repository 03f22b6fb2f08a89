import KubernetesClient
import KubernetesTesting

/// A fresh in-memory server and one HTTP client for it, both gone when `body` returns.
enum ServerTransport {
    static func with<T: Sendable>(
        _ configuration: APIServer.Configuration = APIServer.Configuration(), userAgent: String? = nil,
        _ body: (APIServer, AsyncHTTPClientTransport) async throws -> T
    ) async throws -> T {
        try await APIServer.withAPIServer(configuration) { server in
            var client = server.clientConfiguration
            if let userAgent { client.userAgent = userAgent }
            let transport = try AsyncHTTPClientTransport(configuration: client)
            do {
                let result = try await body(server, transport)
                try await transport.shutdown()
                return result
            } catch {
                try? await transport.shutdown()
                throw error
            }
        }
    }
}
