import KubernetesCore

/// One HTTP request as the handlers see it: decoded path and query, headers by lower-cased name.
struct ServerRequest: Sendable {
    var method: String
    var path: String
    /// Decoded query parameters; the first value wins when a name repeats.
    var query: [String: String]
    var headers: [String: [String]]
    var body: [UInt8]

    func header(_ name: String) -> String? { headers[name.lowercased()]?.first }

    init(method: String, uri: String, headers: [(String, String)], body: [UInt8]) {
        self.method = method
        self.body = body
        var byName: [String: [String]] = [:]
        for (name, value) in headers { byName[name.lowercased(), default: []].append(value) }
        self.headers = byName
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = Self.percentDecode(String(parts.first ?? ""))
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let nameValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = Self.percentDecode(String(nameValue[0]), plusIsSpace: true)
                let value = nameValue.count == 2 ? Self.percentDecode(String(nameValue[1]), plusIsSpace: true) : ""
                if query[name] == nil { query[name] = value }
            }
        }
        self.query = query
    }

    static func percentDecode(_ text: String, plusIsSpace: Bool = false) -> String {
        guard text.contains("%") || (plusIsSpace && text.contains("+")) else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
               let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                bytes.append(value)
            } else if plusIsSpace, byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// What a handler answers: a complete response, or a watch stream the connection pumps.
enum ServerResponse: Sendable {
    case complete(status: Int, headers: [(String, String)], body: [UInt8])
    case watch(WatchResponse)

    static func json(_ status: Int, _ value: JSONValue, headers: [(String, String)] = []) -> ServerResponse {
        .complete(status: status, headers: [("Content-Type", "application/json")] + headers, body: JSONCodec.serialize(value))
    }

    static func error(_ error: APIError) -> ServerResponse {
        if error.plainText {
            return .complete(status: error.code, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(error.message.utf8))
        }
        return .json(error.code, error.statusBody, headers: error.headers)
    }
}

/// An open watch to stream: frames to send first, then the live stream until the timeout.
struct WatchResponse: Sendable {
    var watchID: UInt64
    var initial: [WatchFrame]
    var stream: AsyncStream<WatchFrame>
    var timeout: Duration
    var bookmarks: Bool
    /// Rewrites objects for the served version (apiVersion of a custom resource, the kind).
    var render: @Sendable (WatchFrame) -> [UInt8]
    var contentType: String = "application/json"
}
