import KubernetesClient
import KubernetesCore
import KubernetesTesting
import NIOCore
import NIOPosix
import Testing

/// Stopping the server while clients are still connecting: NIO traps (taking the whole process down) when a
/// connection it accepted is dropped without being closed, so the server must close every one it accepted.
@Suite("API server shutdown while clients connect")
struct ShutdownWhileConnectingTests {
    @Test func connectionsAcceptedDuringShutdownAreClosedNotDropped() async throws {
        for _ in 0..<100 {
            try await APIServer.withAPIServer { server in
                let port = server.port
                // Connect as fast as possible in the background; the body returns at once, so the server
                // stops while connections are being accepted.
                let connecting = Task {
                    for _ in 0..<20 {
                        let channel = try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                            .connect(host: "127.0.0.1", port: port).get()
                        try? await channel?.close()
                    }
                }
                await Task.yield()
                _ = connecting  // left running: its connects race the shutdown, then fail (refused)
            }
        }
        // Reaching here means no trap. Connections wrapped late still serve requests:
        try await APIServer.withAPIServer { server in
            let transport = try AsyncHTTPClientTransport(configuration: server.clientConfiguration)
            let response = try? await transport.send(APIRequest(method: .get, path: "/api/v1/namespaces/default"), timeout: .seconds(10))
            try await transport.shutdown()
            #expect(response?.status == 200)
        }
    }
}
