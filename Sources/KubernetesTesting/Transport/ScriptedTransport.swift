import KubernetesClient
import KubernetesCore
import Synchronization

/// A transport that answers from a script instead of a network, and records what was sent.
///
/// Each rule matches requests (by method and path, optionally a predicate) and yields its responses in
/// order, repeating the last one. Unmatched requests get a 404 `Status`, like an unknown path on a real
/// server, so a test that sends something unexpected fails loudly.
public final class ScriptedTransport: HTTPTransport {
    /// One scripted answer: a whole response, a stream of chunks, or a transport failure.
    public enum Reply: Sendable {
        case response(HTTPResponse)
        case stream(status: Int, headers: [String: String], chunks: [[UInt8]])
        case failure(any Error & Sendable)

        /// A JSON body with the given status.
        public static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Reply {
            var headers = headers
            headers["content-type"] = "application/json"
            return .response(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
        }
    }

    public struct Rule: Sendable {
        public var method: APIRequest.Method?
        public var path: String
        public var matches: @Sendable (APIRequest) -> Bool
        public var replies: [Reply]

        public init(
            method: APIRequest.Method? = nil, path: String, matches: @escaping @Sendable (APIRequest) -> Bool = { _ in true },
            replies: [Reply]
        ) {
            self.method = method
            self.path = path
            self.matches = matches
            self.replies = replies
        }
    }

    private struct State {
        var rules: [(rule: Rule, served: Int)]
        var sent: [APIRequest] = []
    }

    private let state: Mutex<State>

    public init(_ rules: [Rule] = []) {
        state = Mutex(State(rules: rules.map { ($0, 0) }))
    }

    /// Adds a rule; later rules are consulted first, so a test can override a default.
    public func on(_ method: APIRequest.Method? = nil, _ path: String, replies: [Reply]) {
        state.withLock { $0.rules.insert((Rule(method: method, path: path, replies: replies), 0), at: 0) }
    }

    /// Every request sent so far, in order.
    public var sentRequests: [APIRequest] { state.withLock { $0.sent } }

    public func send(_ request: APIRequest, timeout: Duration) async throws -> HTTPResponse {
        switch next(for: request) {
        case .response(let response):
            return response
        case .stream(let status, let headers, let chunks):
            return HTTPResponse(status: status, headers: headers, body: chunks.flatMap { $0 })
        case .failure(let error):
            throw error
        }
    }

    public func stream(_ request: APIRequest) async throws -> StreamingHTTPResponse {
        switch next(for: request) {
        case .response(let response):
            return StreamingHTTPResponse(status: response.status, headers: response.headers, body: ByteChunks(chunks: [response.body]))
        case .stream(let status, let headers, let chunks):
            return StreamingHTTPResponse(status: status, headers: headers, body: ByteChunks(chunks: chunks))
        case .failure(let error):
            throw error
        }
    }

    public func shutdown() async throws {}

    private func next(for request: APIRequest) -> Reply {
        state.withLock { state in
            state.sent.append(request)
            guard
                let index = state.rules.firstIndex(where: { entry in
                    (entry.rule.method == nil || entry.rule.method == request.method) && entry.rule.path == request.path
                        && entry.rule.matches(request)
                })
            else {
                return .json(404, #"{"kind":"Status","apiVersion":"v1","status":"Failure","message":"no scripted reply for \#(request.method.rawValue) \#(request.path)","reason":"NotFound","code":404}"#)
            }
            let replies = state.rules[index].rule.replies
            let served = state.rules[index].served
            state.rules[index].served += 1
            return replies[min(served, replies.count - 1)]
        }
    }
}
