import ServiceLifecycle

/// Runs an in-memory API server as a swift-service-lifecycle `Service`: it serves until graceful
/// shutdown (SIGTERM/SIGINT in a `ServiceGroup`), calling `onListening` once it is bound.
public struct APIServerService: Service {
    public let configuration: APIServer.Configuration
    let onListening: @Sendable (APIServer) async throws -> Void

    public init(configuration: APIServer.Configuration = .init(), onListening: @escaping @Sendable (APIServer) async throws -> Void = { _ in }) {
        self.configuration = configuration
        self.onListening = onListening
    }

    public func run() async throws {
        try await APIServer.withAPIServer(configuration) { server in
            try await onListening(server)
            // Serve until the service group asks us to stop.
            try? await gracefulShutdown()
            server.faults.resume()
        }
    }
}
