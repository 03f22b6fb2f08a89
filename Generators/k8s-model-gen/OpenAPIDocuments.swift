import Foundation

/// A group/version/kind as the OpenAPI extensions spell it.
struct OpenAPIGroupVersionKind: Decodable, Hashable, Comparable {
    var group: String
    var version: String
    var kind: String

    var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.group, lhs.version, lhs.kind) < (rhs.group, rhs.version, rhs.kind)
    }
}

/// One OpenAPI v3 document (`/openapi/v3/<group-version>`): its schemas and the paths that serve them.
struct OpenAPIDocument: Decodable {
    struct Components: Decodable {
        var schemas: [String: SchemaNode]?
    }

    struct Operation: Decodable {
        var action: String?
        var groupVersionKind: OpenAPIGroupVersionKind?

        enum CodingKeys: String, CodingKey {
            case action = "x-kubernetes-action"
            case groupVersionKind = "x-kubernetes-group-version-kind"
        }
    }

    struct PathItem: Decodable {
        var get: Operation?
        var post: Operation?
    }

    var components: Components?
    var paths: [String: PathItem]?
}

/// All documents of a directory, merged: schemas by name and the collection paths of every kind.
struct OpenAPIDocuments {
    var schemas: [String: SchemaNode] = [:]
    /// Collection paths (no subresource, no watch) by the kind their operations serve.
    var resourcePaths: [OpenAPIGroupVersionKind: Set<String>] = [:]
    /// Every path of every document, to find subresources (`/status`, `/scale`, ...).
    var allPaths: Set<String> = []

    static func load(directory: URL) throws -> OpenAPIDocuments {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GeneratorError("\(directory.path) is not a directory; pass the path of shared/kubernetes/openapi-v3")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix("_openapi.json") }
                .sorted()
        } catch {
            throw GeneratorError("cannot list the OpenAPI directory \(directory.path): \(error.localizedDescription); "
                + "pass the path of shared/kubernetes/openapi-v3")
        }
        guard !names.isEmpty else {
            throw GeneratorError("no *_openapi.json documents in \(directory.path); pass the path of shared/kubernetes/openapi-v3")
        }
        var documents = OpenAPIDocuments()
        let decoder = JSONDecoder()
        for name in names {
            let url = directory.appendingPathComponent(name)
            let document: OpenAPIDocument
            do {
                document = try decoder.decode(OpenAPIDocument.self, from: Data(contentsOf: url))
            } catch {
                throw GeneratorError("\(url.path) is not a readable OpenAPI v3 document: \(error)")
            }
            documents.merge(document)
        }
        return documents
    }

    private mutating func merge(_ document: OpenAPIDocument) {
        for (name, schema) in document.components?.schemas ?? [:] {
            // Meta types (DeleteOptions, WatchEvent) repeat in every document with a different list of
            // group-version-kinds; the field definitions agree, so the first (sorted) document wins.
            if schemas[name] == nil { schemas[name] = schema }
        }
        for (path, item) in document.paths ?? [:] {
            allPaths.insert(path)
            guard !path.contains("/watch/") else { continue }
            for operation in [item.get, item.post].compactMap({ $0 }) {
                if let gvk = operation.groupVersionKind {
                    resourcePaths[gvk, default: []].insert(path)
                }
            }
        }
    }
}

struct GeneratorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
