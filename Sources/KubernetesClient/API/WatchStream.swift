import Foundation
import KubernetesCore

/// The events of one watch request, decoded one JSON line at a time as the consumer asks for them.
///
/// Nothing is read ahead: a slow consumer leaves bytes in the socket, which is the back-pressure the
/// controller runtime relies on. An ERROR event ends the stream by throwing a `KubernetesError` (410
/// Gone for a too-old resourceVersion is `isGone`); the end of the body ends the sequence normally
/// (server-side timeout), and the caller re-watches from the last version it saw.
public struct WatchStream<Object: Decodable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = WatchEvent<Object>

    let body: ByteChunks
    let request: String

    /// Decodes events from a streaming body; `request` names the watch in error messages.
    public init(body: ByteChunks, request: String) {
        self.body = body
        self.request = request
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: ByteChunks.AsyncIterator
        var lines = LineSplitter()
        let request: String
        let decoder = KubernetesJSONDecoder()
        var finished = false

        public mutating func next() async throws -> WatchEvent<Object>? {
            while !finished {
                if let line = lines.nextLine() {
                    return try decode(line)
                }
                guard let chunk = try await chunks.next() else {
                    finished = true
                    // A last line without a trailing newline still counts.
                    if let rest = lines.remainder() { return try decode(rest) }
                    return nil
                }
                lines.append(chunk)
            }
            return nil
        }

        private mutating func decode(_ line: ArraySlice<UInt8>) throws -> WatchEvent<Object> {
            let event: WatchEvent<Object>
            do {
                event = try decoder.decode(WatchEvent<Object>.self, from: line)
            } catch {
                finished = true
                throw KubernetesError(
                    code: .decoding,
                    message: "cannot decode a watch event as \(Object.self): \(KubeClient.describeDecodingError(error))",
                    request: request, underlying: error)
            }
            if case .error(let status) = event {
                finished = true
                throw KubernetesError(
                    code: .api, message: status.message ?? "watch failed", status: status, httpStatus: status.code,
                    request: request)
            }
            return event
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(chunks: body.makeAsyncIterator(), request: request)
    }
}

/// Splits a byte stream into newline-terminated lines without copying the whole buffer per line.
struct LineSplitter {
    private var buffer: [UInt8] = []
    private var start = 0

    mutating func append(_ chunk: [UInt8]) {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 65_536 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: chunk)
    }

    /// The next complete line (without its newline), skipping blank lines.
    mutating func nextLine() -> ArraySlice<UInt8>? {
        while let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = buffer[start..<newline]
            start = newline + 1
            if !line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { return line }
        }
        return nil
    }

    /// Whatever is left after the last newline, once the stream has ended.
    mutating func remainder() -> ArraySlice<UInt8>? {
        let rest = buffer[start...]
        start = buffer.count
        return rest.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) ? nil : rest
    }
}
