import Foundation
import KubernetesClient
import KubernetesCore
import KubernetesTesting
import Testing

/// Replays every exchange recorded against a real kube-apiserver 1.36 through the client: successful
/// answers must decode, and every error must map to the error helper a caller would branch on.
@Suite(.enabled(if: RecordingLibrary.directory() != nil, "SKIPPED: ../shared/kubernetes/recordings is absent"))
struct RecordingContractTests {
    /// A transport that answers each request with the recorded response of one exchange.
    final class ReplayTransport: HTTPTransport {
        let exchange: Recording.Exchange
        init(_ exchange: Recording.Exchange) { self.exchange = exchange }

        func send(_ request: APIRequest, timeout: Duration) async throws -> HTTPResponse {
            HTTPResponse(status: exchange.response.status, headers: exchange.responseHeaders, body: exchange.responseBytes)
        }

        func stream(_ request: APIRequest) async throws -> StreamingHTTPResponse {
            // Deliver in odd-sized chunks so line splitting across chunk boundaries is exercised.
            let bytes = exchange.responseBytes
            let chunks = stride(from: 0, to: bytes.count, by: 333).map { Array(bytes[$0..<min($0 + 333, bytes.count)]) }
            return StreamingHTTPResponse(status: exchange.response.status, headers: exchange.responseHeaders, body: ByteChunks(chunks: chunks))
        }

        func shutdown() async throws {}
    }

    static func recordings() throws -> [Recording] {
        guard let directory = RecordingLibrary.directory() else { return [] }
        return try RecordingLibrary.loadAll(from: directory)
    }

    func client(for exchange: Recording.Exchange) throws -> KubeClient {
        try KubeClient(
            configuration: ClientConfiguration(server: "https://recorded.invalid", maxAttempts: 1),
            transport: ReplayTransport(exchange))
    }

    @Test func everyRecordedErrorMapsToItsHelper() async throws {
        var checked = 0
        for recording in try Self.recordings() {
            for (index, exchange) in recording.exchanges.enumerated() where exchange.response.status >= 300 && !exchange.isWatch {
                let where_ = "\(recording.scenario)#\(index) \(exchange.request.method) \(exchange.request.path)"
                let client = try client(for: exchange)
                do {
                    _ = try await client.send(exchange.apiRequest)
                    Issue.record("\(where_): expected an error for HTTP \(exchange.response.status)")
                } catch {
                    checked += 1
                    expectHelpers(error, status: exchange.response.status, body: exchange.response.body, where_)
                }
            }
        }
        #expect(checked > 60, "only \(checked) error exchanges were checked")
    }

    @Test func everyRecordedSuccessDecodes() async throws {
        var checked = 0
        for recording in try Self.recordings() {
            for (index, exchange) in recording.exchanges.enumerated() where exchange.response.status < 300 && !exchange.isWatch {
                guard case .object = exchange.response.body else { continue }
                let client = try client(for: exchange)
                let decoded = try await client.send(exchange.apiRequest, decoding: JSONValue.self)
                #expect(decoded == exchange.response.body, "\(recording.scenario)#\(index)")
                checked += 1
            }
        }
        #expect(checked > 100)
    }

    @Test func everyRecordedWatchStreamsItsEventsInOrder() async throws {
        var watches = 0
        for recording in try Self.recordings() {
            for (index, exchange) in recording.exchanges.enumerated() where exchange.isWatch {
                watches += 1
                let where_ = "\(recording.scenario)#\(index)"
                guard case .array(let lines)? = exchange.response.body else { continue }
                let expectedTypes = lines.compactMap { $0["type"]?.stringValue }
                let client = try client(for: exchange)
                var seen: [String] = []
                do {
                    let response = try await client.stream(exchange.apiRequest)
                    let stream = WatchStream<JSONValue>(body: response.body, request: where_)
                    for try await event in stream { seen.append(event.typeName) }
                    #expect(!expectedTypes.contains("ERROR"), "\(where_): the ERROR event did not throw")
                } catch {
                    // An ERROR event ends the stream with the server's status, e.g. 410 Expired.
                    if let errorLine = lines.first(where: { $0["type"]?.stringValue == "ERROR" }),
                        let error = error as? KubernetesError
                    {
                        #expect(error.status?.code == errorLine[path: ["object", "code"]]?.int64Value.map(Int.init), "\(where_)")
                        if errorLine[path: ["object", "code"]] == .integer(410) { #expect(error.isGone, "\(where_)") }
                        seen.append("ERROR")
                    } else {
                        Issue.record("\(where_): unexpected error \(error)")
                    }
                }
                #expect(seen == expectedTypes, "\(where_)")
            }
        }
        #expect(watches >= 5)
    }

    func expectHelpers(_ error: KubernetesError, status: Int, body: JSONValue?, _ where_: String) {
        #expect(error.code == .api, "\(where_)")
        #expect(error.httpStatus == status, "\(where_)")
        let recordedReason = body?["reason"]?.stringValue
        if let recordedReason {
            #expect(error.reason == recordedReason, "\(where_)")
        }
        let causes = body?[path: ["details", "causes"]]?.arrayValue?.count ?? 0
        #expect((error.status?.details?.causes?.count ?? 0) == causes, "\(where_)")
        switch status {
        case 404: #expect(error.isNotFound, "\(where_)")
        case 409:
            if recordedReason == "AlreadyExists" {
                #expect(error.isAlreadyExists && !error.isConflict, "\(where_)")
            } else {
                #expect(error.isConflict && !error.isAlreadyExists, "\(where_)")
            }
        case 410: #expect(error.isGone, "\(where_)")
        case 422: #expect(error.isInvalid && !error.isRetriable, "\(where_)")
        case 400: #expect(error.isBadRequest && !error.isRetriable, "\(where_)")
        case 401, 403: #expect(error.isUnauthorized && !error.isRetriable, "\(where_)")
        case 500, 503, 504: #expect(error.isRetriable, "\(where_)")
        default: #expect(!error.isNotFound && !error.isConflict, "\(where_)")
        }
        // Messages a person sees name the request and say what went wrong.
        #expect(error.description.contains(exchangePathPrefix(where_)), "\(where_)")
    }

    private func exchangePathPrefix(_ where_: String) -> String {
        String(where_.split(separator: " ").dropFirst().joined(separator: " "))
    }
}
