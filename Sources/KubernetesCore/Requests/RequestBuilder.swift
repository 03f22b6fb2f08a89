/// Builds the requests for one resource collection: paths, query strings and headers, without I/O.
///
/// ```swift
/// let pods = RequestBuilder(for: CoreV1.Pod.self)
/// let request = pods.list(namespace: "kafka", options: ListOptions(labelSelector: "app=kafka", limit: 500))
/// ```
public struct RequestBuilder: Sendable, Hashable {
    public var resource: GroupVersionResource
    public var scope: ResourceScope

    public init(resource: GroupVersionResource, scope: ResourceScope) {
        self.resource = resource
        self.scope = scope
    }

    public init<R: Resource>(for type: R.Type) {
        self.init(resource: R.groupVersionResource, scope: R.scope)
    }

    /// What the caller wants back: the full object, or only its metadata (PartialObjectMetadata).
    public enum Representation: Sendable, Hashable {
        case full
        case metadataOnly
    }

    // MARK: Paths

    /// `/api/v1` or `/apis/{group}/{version}`.
    public var groupVersionPath: String {
        resource.group.isEmpty ? "/api/\(resource.version)" : "/apis/\(resource.group)/\(resource.version)"
    }

    /// The collection path; a nil namespace on a namespaced resource means all namespaces.
    public func collectionPath(namespace: String?) -> String {
        if scope == .namespaced, let namespace {
            return "\(groupVersionPath)/namespaces/\(namespace.percentEncodedPathSegment)/\(resource.resource)"
        }
        return "\(groupVersionPath)/\(resource.resource)"
    }

    public func itemPath(name: String, namespace: String?, subresource: String? = nil) -> String {
        var path = collectionPath(namespace: scope == .namespaced ? (namespace ?? "default") : nil)
        path += "/" + name.percentEncodedPathSegment
        if let subresource { path += "/" + subresource }
        return path
    }

    // MARK: Reads

    public func get(name: String, namespace: String?, subresource: String? = nil) -> APIRequest {
        APIRequest(
            method: .get, path: itemPath(name: name, namespace: namespace, subresource: subresource),
            headers: ["Accept": Self.jsonAccept])
    }

    public func list(
        namespace: String?, options: ListOptions = ListOptions(), representation: Representation = .full
    ) -> APIRequest {
        APIRequest(
            method: .get, path: collectionPath(namespace: namespace), query: options.queryItems,
            headers: ["Accept": representation == .full ? Self.jsonAccept : Self.metadataListAccept])
    }

    public func watch(
        namespace: String?, options: WatchOptions = WatchOptions(), representation: Representation = .full
    ) -> APIRequest {
        APIRequest(
            method: .get, path: collectionPath(namespace: namespace), query: options.queryItems,
            headers: ["Accept": representation == .full ? Self.jsonAccept : Self.metadataAccept], isWatch: true)
    }

    // MARK: Writes

    public func create(namespace: String?, body: [UInt8], options: WriteOptions = WriteOptions()) -> APIRequest {
        APIRequest(
            method: .post, path: collectionPath(namespace: namespace), query: options.queryItems,
            headers: ["Accept": Self.jsonAccept, "Content-Type": "application/json"], body: body)
    }

    /// PUT of a whole object (or its `status`/`scale` subresource); guarded by the body's resourceVersion.
    public func replace(
        name: String, namespace: String?, body: [UInt8], subresource: String? = nil,
        options: WriteOptions = WriteOptions()
    ) -> APIRequest {
        APIRequest(
            method: .put, path: itemPath(name: name, namespace: namespace, subresource: subresource),
            query: options.queryItems, headers: ["Accept": Self.jsonAccept, "Content-Type": "application/json"],
            body: body)
    }

    public func patch(
        name: String, namespace: String?, type: PatchType, body: [UInt8], subresource: String? = nil,
        options: WriteOptions = WriteOptions()
    ) -> APIRequest {
        APIRequest(
            method: .patch, path: itemPath(name: name, namespace: namespace, subresource: subresource),
            query: options.queryItems, headers: ["Accept": Self.jsonAccept, "Content-Type": type.contentType],
            body: body)
    }

    /// Server-side apply. The body may be JSON (a subset of YAML) or YAML.
    public func apply(
        name: String, namespace: String?, body: [UInt8], subresource: String? = nil, options: ApplyOptions
    ) -> APIRequest {
        APIRequest(
            method: .patch, path: itemPath(name: name, namespace: namespace, subresource: subresource),
            query: options.queryItems,
            headers: ["Accept": Self.jsonAccept, "Content-Type": PatchType.apply.contentType], body: body)
    }

    /// DELETE with options in the body (propagation policy, preconditions, grace period, dry run).
    public func delete(name: String, namespace: String?, body: [UInt8]?) -> APIRequest {
        APIRequest(
            method: .delete, path: itemPath(name: name, namespace: namespace),
            headers: body == nil ? ["Accept": Self.jsonAccept]
                : ["Accept": Self.jsonAccept, "Content-Type": "application/json"],
            body: body)
    }

    /// DELETE of every object matching a selector in one call.
    public func deleteCollection(namespace: String?, options: ListOptions, body: [UInt8]?) -> APIRequest {
        APIRequest(
            method: .delete, path: collectionPath(namespace: namespace), query: options.queryItems,
            headers: body == nil ? ["Accept": Self.jsonAccept]
                : ["Accept": Self.jsonAccept, "Content-Type": "application/json"],
            body: body)
    }

    static let jsonAccept = "application/json"
    /// Asks for PartialObjectMetadataList, falling back to the full list on servers that cannot.
    static let metadataListAccept =
        "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json"
    static let metadataAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json"
}

extension String {
    /// Names are DNS labels or subdomains in practice, but encode anything else so a bad name cannot
    /// change the path.
    var percentEncodedPathSegment: String {
        let safe = utf8.allSatisfy { byte in
            (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57)
                || byte == 45 || byte == 46 || byte == 95 || byte == 58 || byte == 126
        }
        return safe ? self : percentEncodedForQuery
    }
}
