import CapstanOperator
import KubernetesClient
import KubernetesCore
import KubernetesModels

/// A manifest the sandbox applies: where it came from (for messages) and its YAML or JSON text.
public struct SandboxManifest: Sendable {
    public var source: String
    public var text: String

    public init(source: String, text: String) {
        self.source = source
        self.text = text
    }
}

/// One object the sandbox applied.
public struct AppliedObject: Sendable, Hashable, CustomStringConvertible {
    public var apiVersion: String
    public var kind: String
    public var namespace: String?
    public var name: String

    public var description: String {
        "\(kind) \(namespace.map { "\($0)/" } ?? "")\(name)"
    }
}

/// Applies manifests the way `kubectl apply --server-side` does: each document through server-side apply
/// with one field manager, its namespace created first when it does not exist yet.
enum SandboxManifestApplier {
    static let fieldManager = "capstan-sandbox"

    static func apply(_ manifest: SandboxManifest, client: KubeClient) async throws -> [AppliedObject] {
        let documents: [Manifests.Document]
        do {
            documents = try Manifests.documents(in: manifest.text)
        } catch {
            throw SandboxError.manifest(source: manifest.source, message: "\(error)")
        }
        var applied: [AppliedObject] = []
        var namespaces: Set<String> = []
        for document in documents {
            guard let apiVersion = document.apiVersion, let kind = document.kind, let name = document.name else {
                throw SandboxError.manifest(
                    source: manifest.source,
                    message: "document \(document.index) needs apiVersion, kind and metadata.name; add the missing ones")
            }
            var object: JSONValue
            do {
                object = try document.decode(JSONValue.self)
            } catch {
                throw SandboxError.manifest(source: manifest.source, message: "\(error)")
            }
            let api: DynamicApi
            do {
                api = try await client.dynamic(GroupVersionKind(apiVersion: apiVersion, kind: kind))
            } catch {
                throw SandboxError.manifest(
                    source: manifest.source,
                    message: "document \(document.index): the sandbox does not serve \(kind) in \(apiVersion) (\(error.message))")
            }
            var namespace: String?
            if api.requests.scope == .namespaced {
                let chosen = object[path: ["metadata", "namespace"]]?.stringValue ?? "default"
                object["metadata"]?["namespace"] = .string(chosen)
                namespace = chosen
                if !namespaces.contains(chosen) {
                    try await ensureNamespace(chosen, client: client)
                    namespaces.insert(chosen)
                }
            }
            do {
                _ = try await api.apply(object, fieldManager: fieldManager, force: true)
            } catch {
                throw SandboxError.manifest(source: manifest.source, message: "\(kind) \(name): \(error.message)")
            }
            applied.append(AppliedObject(apiVersion: apiVersion, kind: kind, namespace: namespace, name: name))
        }
        return applied
    }

    private static func ensureNamespace(_ name: String, client: KubeClient) async throws {
        var namespace = CoreV1.Namespace()
        namespace.metadata.name = name
        _ = try await client.api(CoreV1.Namespace.self).apply(namespace, fieldManager: fieldManager)
    }
}
