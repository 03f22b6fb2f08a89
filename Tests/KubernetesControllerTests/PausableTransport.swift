import KubernetesClient
import KubernetesCore

/// Wraps a transport so a test can cut one client off from the API server (requests hang until
/// resumed or cancelled), as a paused process or a network partition would look to the server.
final class PausableTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let gate = Gate()

    init(_ base: any HTTPTransport) { self.base = base }

    func pause() { gate.close() }

    func resume() { gate.open() }

    private func pass() async throws { try await gate.pass() }

    func send(_ request: APIRequest, timeout: Duration) async throws -> HTTPResponse {
        try await pass()
        return try await base.send(request, timeout: timeout)
    }

    func stream(_ request: APIRequest) async throws -> StreamingHTTPResponse {
        try await pass()
        return try await base.stream(request)
    }

    func shutdown() async throws { try await base.shutdown() }
}
