import Foundation
import KubernetesCore

/// A scenario of real HTTP exchanges with a real kube-apiserver (see ../shared/kubernetes/recordings).
///
/// Contract tests replay these against the client and, later, the in-memory API server.
public struct Recording: Decodable, Sendable {
    public var scenario: String
    public var description: String?
    public var exchanges: [Exchange]

    public struct Exchange: Decodable, Sendable {
        public var note: String?
        public var request: Request
        public var response: Response
        /// Present when the step repeated a GET until a condition held: each poll's status and time.
        public var polls: [JSONValue]?
    }

    public struct Request: Decodable, Sendable {
        public var method: String
        public var path: String
        public var query: [String: String]?
        public var headers: [String: String]?
        /// Parsed JSON, or a string for YAML and deliberately malformed bodies.
        public var body: JSONValue?
        public var auth: String?
    }

    public struct Response: Decodable, Sendable {
        public var status: Int
        public var headers: [String: JSONValue]?
        /// Parsed JSON; a string for non-JSON bodies; for watches, the list of JSON lines.
        public var body: JSONValue?
        /// Present on watch responses: when each line arrived.
        public var lineArrivalMs: [Double]?
    }
}

extension Recording.Exchange {
    /// True for `?watch=1|true` requests, whose response body is a list of event lines.
    public var isWatch: Bool {
        let watch = request.query?["watch"]
        return (watch == "1" || watch == "true") && response.lineArrivalMs != nil
    }

    /// The request as the client would build it.
    public var apiRequest: APIRequest {
        let method = APIRequest.Method(rawValue: request.method) ?? .get
        let query = (request.query ?? [:]).sorted { $0.key < $1.key }.map { QueryItem($0.key, $0.value) }
        var body: [UInt8]?
        switch request.body {
        case .none: body = nil
        case .string(let text)?: body = Array(text.utf8)
        case let value?: body = (try? JSONEncoder().encode(value)).map(Array.init)
        }
        return APIRequest(
            method: method, path: request.path, query: query, headers: request.headers ?? [:], body: body,
            isWatch: isWatch)
    }

    /// The response body as bytes: JSON re-encoded, text as is, watch lines joined by newlines.
    public var responseBytes: [UInt8] {
        guard let body = response.body else { return [] }
        if isWatch, case .array(let lines) = body {
            return lines.flatMap { line -> [UInt8] in
                let encoded: [UInt8] =
                    if case .string(let text) = line { Array(text.utf8) } else { (try? JSONEncoder().encode(line)).map(Array.init) ?? [] }
                return encoded + [UInt8(ascii: "\n")]
            }
        }
        if case .string(let text) = body { return Array(text.utf8) }
        return (try? JSONEncoder().encode(body)).map(Array.init) ?? []
    }

    /// Response headers with lower-cased names; list-valued headers (Warning) joined.
    public var responseHeaders: [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in response.headers ?? [:] {
            switch value {
            case .string(let text): headers[name.lowercased()] = text
            case .array(let values): headers[name.lowercased()] = values.compactMap(\.stringValue).joined(separator: ", ")
            default: headers[name.lowercased()] = "\(value)"
            }
        }
        return headers
    }
}

/// Finds and loads the recordings shipped in ../shared.
public enum RecordingLibrary {
    /// The recordings folder, or nil when ../shared is not beside the repository (tests then skip).
    public static func directory(from file: String = #filePath) -> URL? {
        var url = URL(fileURLWithPath: file)
        // Walk up to the repository root (the folder with Package.swift), then to ../shared.
        for _ in 0..<8 {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                let recordings = url.deletingLastPathComponent().appendingPathComponent("shared/kubernetes/recordings")
                return FileManager.default.fileExists(atPath: recordings.path) ? recordings : nil
            }
        }
        return nil
    }

    /// Every recording, sorted by scenario name.
    public static func loadAll(from directory: URL) throws -> [Recording] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try files.map { file in
            try JSONDecoder().decode(Recording.self, from: Data(contentsOf: directory.appendingPathComponent(file)))
        }
    }
}
