import Foundation
import KubernetesCore

/// Untyped access to any resource, with `JSONValue` bodies: for custom resources before their Swift type
/// exists, and for tools (`kubectl`-like commands) that handle arbitrary manifests.
public struct DynamicApi: Sendable {
    public let client: KubeClient
    public let requests: RequestBuilder
    public let namespace: String?

    public init(client: KubeClient, resource: GroupVersionResource, scope: ResourceScope, namespace: String?) {
        self.client = client
        self.requests = RequestBuilder(resource: resource, scope: scope)
        self.namespace = namespace
    }

    var objectNamespace: String? {
        requests.scope == .namespaced ? (namespace ?? client.configuration.namespace) : nil
    }

    public func get(_ name: String) async throws(KubernetesError) -> JSONValue {
        try await client.send(requests.get(name: name, namespace: objectNamespace), decoding: JSONValue.self)
    }

    public func list(_ options: ListOptions = ListOptions()) async throws(KubernetesError) -> DynamicList {
        try await client.send(requests.list(namespace: namespace, options: options), decoding: DynamicList.self)
    }

    public func watch(_ options: WatchOptions = WatchOptions()) async throws(KubernetesError) -> WatchStream<JSONValue> {
        let request = requests.watch(namespace: namespace, options: options)
        return WatchStream(body: try await client.stream(request).body, request: client.describe(request))
    }

    public func create(_ object: JSONValue, options: WriteOptions = WriteOptions()) async throws(KubernetesError) -> JSONValue {
        try await client.send(
            requests.create(namespace: namespace(of: object), body: try KubeClient.encode(object), options: options),
            decoding: JSONValue.self)
    }

    public func replace(_ object: JSONValue, options: WriteOptions = WriteOptions()) async throws(KubernetesError) -> JSONValue {
        try await client.send(
            requests.replace(
                name: try name(of: object), namespace: namespace(of: object), body: try KubeClient.encode(object),
                options: options),
            decoding: JSONValue.self)
    }

    public func apply(
        _ object: JSONValue, fieldManager: String, force: Bool = true, subresource: String? = nil
    ) async throws(KubernetesError) -> JSONValue {
        try await client.send(
            requests.apply(
                name: try name(of: object), namespace: namespace(of: object), body: try KubeClient.encode(object),
                subresource: subresource, options: ApplyOptions(fieldManager: fieldManager, force: force)),
            decoding: JSONValue.self)
    }

    public func patch(
        _ name: String, type: PatchType, body: [UInt8], subresource: String? = nil
    ) async throws(KubernetesError) -> JSONValue {
        try await client.send(
            requests.patch(name: name, namespace: objectNamespace, type: type, body: body, subresource: subresource),
            decoding: JSONValue.self)
    }

    /// Deletes; returns the object while it still exists (finalizers), nil once gone.
    @discardableResult
    public func delete(_ name: String, options: DeleteOptions = DeleteOptions()) async throws(KubernetesError) -> JSONValue? {
        let response = try await client.send(
            requests.delete(name: name, namespace: objectNamespace, body: try KubeClient.encode(options)))
        let object = try KubeClient.decode(JSONValue.self, from: response.body, request: "DELETE \(name)")
        return object["kind"]?.stringValue == "Status" ? nil : object
    }

    private func name(of object: JSONValue) throws(KubernetesError) -> String {
        guard let name = object[path: ["metadata", "name"]]?.stringValue, !name.isEmpty else {
            throw KubernetesError(code: .encoding, message: "object has no metadata.name; set it before this call")
        }
        return name
    }

    private func namespace(of object: JSONValue) -> String? {
        guard requests.scope == .namespaced else { return nil }
        return object[path: ["metadata", "namespace"]]?.stringValue ?? objectNamespace
    }
}

/// A list of untyped objects.
public struct DynamicList: Decodable, Sendable {
    public var metadata: ListMeta
    public var items: [JSONValue]

    enum CodingKeys: String, CodingKey { case metadata, items }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try container.decodeIfPresent(ListMeta.self, forKey: .metadata) ?? ListMeta()
        items = try container.decodeIfPresent([JSONValue].self, forKey: .items) ?? []
    }
}

/// Metadata-only list and watch of any resource (PartialObjectMetadata), for large sets where only
/// names, labels and owners matter.
public struct MetadataApi: Sendable {
    public let client: KubeClient
    public let requests: RequestBuilder
    public let namespace: String?

    public init(client: KubeClient, resource: GroupVersionResource, scope: ResourceScope, namespace: String?) {
        self.client = client
        self.requests = RequestBuilder(resource: resource, scope: scope)
        self.namespace = namespace
    }

    public func list(_ options: ListOptions = ListOptions()) async throws(KubernetesError) -> PartialObjectMetadataList {
        try await client.send(
            requests.list(namespace: namespace, options: options, representation: .metadataOnly),
            decoding: PartialObjectMetadataList.self)
    }

    public func watch(_ options: WatchOptions = WatchOptions()) async throws(KubernetesError) -> WatchStream<PartialObjectMetadata> {
        let request = requests.watch(namespace: namespace, options: options, representation: .metadataOnly)
        return WatchStream(body: try await client.stream(request).body, request: client.describe(request))
    }
}

extension KubeClient {
    /// Untyped access to a resource whose plural and scope are known.
    public func dynamic(_ resource: GroupVersionResource, scope: ResourceScope, namespace: String? = nil) -> DynamicApi {
        DynamicApi(client: self, resource: resource, scope: scope, namespace: namespace)
    }

    /// Untyped access to a kind, finding its plural and scope through discovery.
    public func dynamic(_ kind: GroupVersionKind, namespace: String? = nil) async throws(KubernetesError) -> DynamicApi {
        let (resource, scope) = try await discover(kind)
        return DynamicApi(client: self, resource: resource, scope: scope, namespace: namespace)
    }

    /// Metadata-only access to a resource.
    public func metadata(_ resource: GroupVersionResource, scope: ResourceScope, namespace: String? = nil) -> MetadataApi {
        MetadataApi(client: self, resource: resource, scope: scope, namespace: namespace)
    }
}
