/// An HTTP request to the API server, built without doing any I/O.
///
/// The client executes these; tests can assert on them directly. The path never contains the query;
/// `query` keeps its order so that the same call always produces the same URL.
public struct APIRequest: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable {
        case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE"
    }

    public var method: Method
    public var path: String
    public var query: [QueryItem]
    /// `Accept` and `Content-Type`, and nothing else: authentication belongs to the transport.
    public var headers: [String: String]
    public var body: [UInt8]?
    /// True for `?watch=true` requests, whose response is a stream of JSON lines.
    public var isWatch: Bool

    public init(
        method: Method, path: String, query: [QueryItem] = [], headers: [String: String] = [:],
        body: [UInt8]? = nil, isWatch: Bool = false
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.isWatch = isWatch
    }

    /// Retrying is safe for reads and for writes guarded by a resourceVersion or that are idempotent by
    /// nature (apply, delete); never for a POST create that may already have happened.
    public var isIdempotent: Bool {
        method != .post
    }

    /// `path?query` with the query percent-encoded.
    public var pathAndQuery: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\($0.name.percentEncodedForQuery)=\($0.value.percentEncodedForQuery)" }
            .joined(separator: "&")
    }

    /// The value of a query parameter, if present.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}

/// One `name=value` pair of a query string.
public struct QueryItem: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension String {
    /// Percent-encodes everything except RFC 3986 unreserved characters, so selectors such as
    /// `a in (b,c)` and continue tokens survive intact.
    var percentEncodedForQuery: String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result.append("%")
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                result.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return result
    }
}
