import Foundation
import KubernetesCore
import Yams

/// Reading and writing Kubernetes manifests (YAML streams, JSON `List`s), with decode errors that name
/// the document and the field. Pure: strings in, strings out.
public enum Manifests {
    /// How `render`, `crds` and `install` print objects.
    public enum OutputFormat: String, Sendable, CaseIterable {
        /// A YAML stream, documents separated by `---`, keys sorted.
        case yaml
        /// One `v1 List` with the objects in `items`, keys sorted.
        case json
    }

    /// Encodes objects in the given format; deterministic (sorted keys), so output can be diffed and golden-tested.
    public static func encode(_ objects: [any Encodable], as format: OutputFormat) throws -> String {
        switch format {
        case .yaml:
            return try objects.map { try yaml($0) }.joined(separator: "---\n")
        case .json:
            let items = try objects.map { try jsonValue($0) }
            let list: JSONValue = ["apiVersion": "v1", "kind": "List", "metadata": [:], "items": .array(items)]
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(list), as: UTF8.self) + "\n"
        }
    }

    /// One object as a YAML document (no leading `---`).
    public static func yaml(_ object: any Encodable) throws -> String {
        let encoder = YAMLEncoder()
        encoder.options.sortKeys = true
        encoder.options.newLineScalarStyle = .literal
        encoder.options.width = -1
        return try encoder.encode(AnyEncodable(object))
    }

    /// An object as a JSON value (what the API server would receive).
    public static func jsonValue(_ object: any Encodable) throws -> JSONValue {
        let data = try JSONEncoder().encode(AnyEncodable(object))
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    /// One document of a YAML stream: its position, kind and the node to decode it from.
    ///
    /// `@unchecked` because Yams does not mark its `Node` tree Sendable; a document is never mutated after
    /// parsing, and decoding only reads it.
    public struct Document: @unchecked Sendable {
        /// 1-based position in the stream, for messages.
        public var index: Int
        public var apiVersion: String?
        public var kind: String?
        public var name: String?
        let node: Node

        /// Decodes the document as `T`, turning decoding errors into a message with the field path.
        public func decode<T: Decodable>(_ type: T.Type) throws(ManifestError) -> T {
            do {
                return try YAMLDecoder().decode(T.self, from: node)
            } catch let error as DecodingError {
                throw ManifestError(document: index, kind: kind, name: name, decoding: error)
            } catch {
                throw ManifestError(document: index, kind: kind, name: name, field: nil, message: "\(error)", fix: "fix the YAML syntax")
            }
        }
    }

    private struct TypeMeta: Decodable {
        var apiVersion: String?
        var kind: String?
        var metadata: Metadata?
        struct Metadata: Decodable { var name: String? }
    }

    /// Splits a YAML (or JSON) stream into documents, skipping empty ones.
    public static func documents(in text: String) throws(ManifestError) -> [Document] {
        let nodes: [Node]
        do {
            nodes = try Array(Yams.compose_all(yaml: text))
        } catch {
            throw ManifestError(document: nil, kind: nil, name: nil, field: nil, message: "not valid YAML: \(error)", fix: "fix the YAML syntax")
        }
        var documents: [Document] = []
        for (offset, node) in nodes.enumerated() {
            if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "null" { continue }
            let meta = try? YAMLDecoder().decode(TypeMeta.self, from: node)
            documents.append(
                Document(index: offset + 1, apiVersion: meta?.apiVersion, kind: meta?.kind, name: meta?.metadata?.name, node: node))
        }
        return documents
    }
}

/// A manifest that could not be read: where (document, field path) and how to fix it.
public struct ManifestError: Error, Sendable, CustomStringConvertible {
    public var document: Int?
    public var kind: String?
    public var name: String?
    /// Field path like `spec.listeners[0].port`.
    public var field: String?
    public var message: String
    public var fix: String

    public init(document: Int?, kind: String?, name: String?, field: String?, message: String, fix: String) {
        self.document = document
        self.kind = kind
        self.name = name
        self.field = field
        self.message = message
        self.fix = fix
    }

    init(document: Int, kind: String?, name: String?, decoding error: DecodingError) {
        let path: [any CodingKey]
        let message: String
        let fix: String
        switch error {
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
            message = "required field is missing"
            fix = "add the field"
        case .typeMismatch(let type, let context):
            path = context.codingPath
            message = "expected \(ManifestError.describe(type))"
            fix = "write a value of that type"
        case .valueNotFound(let type, let context):
            path = context.codingPath
            message = "expected \(ManifestError.describe(type)), found null"
            fix = "set a value or remove the field"
        case .dataCorrupted(let context):
            path = context.codingPath
            message = context.debugDescription
            fix = "correct the value"
        @unknown default:
            path = []
            message = "\(error)"
            fix = "correct the document"
        }
        self.init(document: document, kind: kind, name: name, field: ManifestError.fieldPath(path), message: message, fix: fix)
    }

    /// `spec.listeners[0].port` from coding keys.
    static func fieldPath(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int32.Type, is Int64.Type, is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        case is Double.Type: return "a number"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Dictionary") { return "a map" }
            return "an object (\(name))"
        }
    }

    public var description: String {
        var location: [String] = []
        if let document { location.append("document \(document)") }
        if let kind { location.append(kind + (name.map { " " + $0 } ?? "")) }
        let prefix = location.isEmpty ? "" : location.joined(separator: ", ") + ": "
        return "\(prefix)\(field.map { $0 + ": " } ?? "")\(message) (fix: \(fix))"
    }
}

/// Type erasure so heterogeneous objects can go through one encoder.
struct AnyEncodable: Encodable {
    let base: any Encodable
    init(_ base: any Encodable) { self.base = base }
    func encode(to encoder: any Encoder) throws { try base.encode(to: encoder) }
}
