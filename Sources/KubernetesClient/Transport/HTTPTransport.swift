import KubernetesCore

/// The HTTP layer under the client. The production transport is AsyncHTTPClient; tests substitute a
/// scripted one (KubernetesTesting) without touching the client's logic.
public protocol HTTPTransport: Sendable {
    /// Sends a request and reads the whole response body.
    func send(_ request: APIRequest, timeout: Duration) async throws -> HTTPResponse

    /// Sends a request and returns as soon as the status and headers arrive; the body is read lazily,
    /// chunk by chunk, so a slow consumer slows the connection instead of growing a buffer.
    func stream(_ request: APIRequest) async throws -> StreamingHTTPResponse

    /// Releases connections; no request may be sent afterwards.
    func shutdown() async throws
}

/// A complete HTTP response.
public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A response whose body is still arriving.
public struct StreamingHTTPResponse: Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: ByteChunks

    public init(status: Int, headers: [String: String], body: ByteChunks) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A pull-based sequence of body chunks: each `next()` asks the transport for more, which is what gives
/// watches back-pressure.
public struct ByteChunks: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    private let makeNext: @Sendable () -> (@Sendable () async throws -> [UInt8]?)

    /// `makeNext` is called once per iteration and returns the function that yields successive chunks
    /// (nil at the end of the body).
    public init(_ makeNext: @escaping @Sendable () -> (@Sendable () async throws -> [UInt8]?)) {
        self.makeNext = makeNext
    }

    /// A body that is already fully known (for tests and short responses).
    public init(chunks: [[UInt8]]) {
        self.init {
            let state = ChunkCursor(chunks: chunks)
            return { state.next() }
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let nextChunk: @Sendable () async throws -> [UInt8]?

        public mutating func next() async throws -> [UInt8]? {
            try await nextChunk()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(nextChunk: makeNext())
    }
}

import Synchronization

/// Hands out a fixed list of chunks one by one.
final class ChunkCursor: Sendable {
    private let state: Mutex<(chunks: [[UInt8]], index: Int)>

    init(chunks: [[UInt8]]) {
        state = Mutex((chunks, 0))
    }

    func next() -> [UInt8]? {
        state.withLock { state in
            guard state.index < state.chunks.count else { return nil }
            defer { state.index += 1 }
            return state.chunks[state.index]
        }
    }
}
