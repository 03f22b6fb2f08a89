import Foundation
import KubernetesCore

/// A recorded scenario of ../shared/kubernetes/recordings (format in its README.md).
struct RecordingFile: Decodable {
    struct Request: Decodable {
        var method: String
        var path: String
        var query: [String: JSONValue]?
        var headers: [String: JSONValue]?
        var body: JSONValue?
    }

    struct Response: Decodable {
        var status: Int
        var headers: [String: JSONValue]?
        var body: JSONValue?
    }

    struct Exchange: Decodable {
        var note: String?
        var request: Request
        var response: Response
    }

    var scenario: String
    var exchanges: [Exchange]
}

enum TestPaths {
    /// The repository root, from this file's location.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` next to the repository (or `$CAPSTAN_SHARED`), as the generators and CI use it.
    static let shared: URL = {
        if let override = ProcessInfo.processInfo.environment["CAPSTAN_SHARED"] {
            return URL(fileURLWithPath: override, relativeTo: repositoryRoot)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    static let recordings = shared.appendingPathComponent("kubernetes/recordings")

    static var recordingsAvailable: Bool {
        FileManager.default.fileExists(atPath: recordings.appendingPathComponent("README.md").path)
    }

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func recordingFiles() throws -> [(name: String, file: RecordingFile)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: recordings.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
        return try names.map { name in
            let data = try Data(contentsOf: recordings.appendingPathComponent(name))
            return (name, try JSONDecoder().decode(RecordingFile.self, from: data))
        }
    }
}

extension DecodingError {
    /// `.spec.containers[0].name: expected String` rather than the default multi-line dump.
    var summary: String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch self {
        case .typeMismatch(let type, let context): return "\(path(context.codingPath)): expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context): return "\(path(context.codingPath)): missing \(type)"
        case .keyNotFound(let key, let context): return "\(path(context.codingPath)).\(key.stringValue): required field missing"
        case .dataCorrupted(let context): return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default: return String(describing: self)
        }
    }
}
