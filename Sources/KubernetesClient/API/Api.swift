import Foundation
import KubernetesCore

/// Typed operations on one resource type in one namespace (or all namespaces for lists and watches).
public struct Api<R: Resource>: Sendable {
    public let client: KubeClient
    /// nil: all namespaces for list/watch; the client's default namespace for single objects.
    public let namespace: String?
    public let requests: RequestBuilder

    init(client: KubeClient, namespace: String?) {
        self.client = client
        self.namespace = namespace
        self.requests = RequestBuilder(for: R.self)
    }

    /// The namespace a single-object call targets.
    var objectNamespace: String? {
        R.scope == .namespaced ? (namespace ?? client.configuration.namespace) : nil
    }

    /// The namespace a call about `object` targets: the object's own, else this Api's.
    func namespace(of object: R) -> String? {
        R.scope == .namespaced ? (object.metadata.namespace ?? objectNamespace) : nil
    }

    func name(of object: R) throws(KubernetesError) -> String {
        guard let name = object.metadata.name, !name.isEmpty else {
            throw KubernetesError(code: .encoding, message: "\(R.kind) has no metadata.name; set it before this call")
        }
        return name
    }

    // MARK: Reads

    public func get(_ name: String) async throws(KubernetesError) -> R {
        try await client.send(requests.get(name: name, namespace: objectNamespace), decoding: R.self)
    }

    /// The object, or nil when it does not exist.
    public func getIfExists(_ name: String) async throws(KubernetesError) -> R? {
        do {
            return try await get(name)
        } catch where error.isNotFound {
            return nil
        }
    }

    /// One page (or the whole list if `options.limit` is nil).
    public func list(_ options: ListOptions = ListOptions()) async throws(KubernetesError) -> ResourceList<R> {
        try await client.send(requests.list(namespace: namespace, options: options), decoding: ResourceList<R>.self)
    }

    /// Every object, fetched `pageSize` at a time. The result's `metadata.resourceVersion` is the
    /// snapshot all pages come from: watch from it to see every later change. If the continue token
    /// expires mid-way (410), the listing restarts from scratch, as client-go's pager does.
    public func listAll(_ options: ListOptions = ListOptions(), pageSize: Int = 500) async throws(KubernetesError) -> ResourceList<R> {
        var restarted = false
        while true {
            var pageOptions = options
            pageOptions.limit = pageSize
            var items: [R] = []
            var firstMeta: ListMeta?
            do {
                while true {
                    let page = try await list(pageOptions)
                    if firstMeta == nil { firstMeta = page.metadata }
                    items += page.items
                    guard let token = page.metadata.continue, !token.isEmpty else { break }
                    pageOptions.continue = token
                    // resourceVersion may not be combined with continue.
                    pageOptions.resourceVersion = nil
                    pageOptions.resourceVersionMatch = nil
                }
            } catch where error.isGone && !restarted {
                restarted = true
                continue
            }
            var meta = firstMeta ?? ListMeta()
            meta.continue = nil
            meta.remainingItemCount = nil
            return ResourceList(items: items, metadata: meta)
        }
    }

    /// Starts a watch. Iterate the result; it throws `isGone` when `resourceVersion` is too old.
    public func watch(_ options: WatchOptions = WatchOptions()) async throws(KubernetesError) -> WatchStream<R> {
        let request = requests.watch(namespace: namespace, options: options)
        let response = try await client.stream(request)
        return WatchStream(body: response.body, request: client.describe(request))
    }

    // MARK: Writes

    public func create(_ object: R, options: WriteOptions = WriteOptions()) async throws(KubernetesError) -> R {
        let body = try KubeClient.encode(normalized(object))
        return try await client.send(
            requests.create(namespace: namespace(of: object), body: body, options: options), decoding: R.self)
    }

    /// PUT: replaces the object; fails with a conflict if `metadata.resourceVersion` is stale.
    public func replace(_ object: R, options: WriteOptions = WriteOptions()) async throws(KubernetesError) -> R {
        let body = try KubeClient.encode(normalized(object))
        return try await client.send(
            requests.replace(name: try name(of: object), namespace: namespace(of: object), body: body, options: options),
            decoding: R.self)
    }

    /// Server-side apply of every field set in `object`, owned by `fieldManager`.
    public func apply(_ object: R, fieldManager: String, force: Bool = true, dryRun: Bool = false) async throws(KubernetesError) -> R {
        let body = try KubeClient.encode(normalized(object))
        let options = ApplyOptions(fieldManager: fieldManager, force: force, dryRun: dryRun)
        return try await client.send(
            requests.apply(name: try name(of: object), namespace: namespace(of: object), body: body, options: options),
            decoding: R.self)
    }

    /// A raw patch of the given type.
    public func patch(
        _ name: String, type: PatchType, body: [UInt8], subresource: String? = nil,
        options: WriteOptions = WriteOptions()
    ) async throws(KubernetesError) -> R {
        try await client.send(
            requests.patch(
                name: name, namespace: objectNamespace, type: type, body: body, subresource: subresource,
                options: options),
            decoding: R.self)
    }

    /// RFC 7386 merge patch: objects merge, `null` removes a field, lists are replaced.
    public func mergePatch(_ name: String, _ patch: JSONValue, options: WriteOptions = WriteOptions()) async throws(KubernetesError) -> R {
        try await self.patch(name, type: .merge, body: try KubeClient.encode(patch), options: options)
    }

    /// RFC 6902 JSON patch; a failing `test` operation makes the whole patch fail (compare-and-swap).
    public func jsonPatch(_ name: String, _ operations: [JSONPatchOperation], options: WriteOptions = WriteOptions()) async throws(KubernetesError) -> R {
        try await self.patch(name, type: .json, body: try KubeClient.encode(operations), options: options)
    }

    /// Deletes an object. Returns the object if it still exists (finalizers pending, or foreground
    /// deletion), or nil once it is gone.
    @discardableResult
    public func delete(_ name: String, options: DeleteOptions = DeleteOptions()) async throws(KubernetesError) -> R? {
        let body = try KubeClient.encode(options)
        let response = try await client.send(requests.delete(name: name, namespace: objectNamespace, body: body))
        return try Self.objectOrNil(response.body, request: "DELETE \(name)")
    }

    /// Deletes every object matching `options` in this namespace.
    public func deleteCollection(_ options: ListOptions, deleteOptions: DeleteOptions = DeleteOptions()) async throws(KubernetesError) {
        let body = try KubeClient.encode(deleteOptions)
        _ = try await client.send(requests.deleteCollection(namespace: namespace, options: options, body: body))
    }

    /// Sets apiVersion/kind to the type's own, so an object built in code always says what it is.
    func normalized(_ object: R) -> R {
        var object = object
        object.apiVersion = R.apiVersion
        object.kind = R.kind
        return object
    }

    /// DELETE answers with the object (still present) or a `Status` (gone).
    static func objectOrNil(_ body: [UInt8], request: String) throws(KubernetesError) -> R? {
        let probe = try? JSONDecoder().decode(KindProbe.self, from: Data(body))
        if probe?.kind == "Status" || body.isEmpty { return nil }
        return try KubeClient.decode(R.self, from: body, request: request)
    }
}

/// One operation of an RFC 6902 JSON patch.
public struct JSONPatchOperation: Codable, Sendable, Hashable {
    /// `add`, `remove`, `replace`, `move`, `copy` or `test`.
    public var op: String
    /// JSON pointer, e.g. `/metadata/finalizers/0`.
    public var path: String
    public var value: JSONValue?
    public var from: String?

    public init(op: String, path: String, value: JSONValue? = nil, from: String? = nil) {
        self.op = op
        self.path = path
        self.value = value
        self.from = from
    }

    public static func test(_ path: String, _ value: JSONValue) -> Self { Self(op: "test", path: path, value: value) }
    public static func add(_ path: String, _ value: JSONValue) -> Self { Self(op: "add", path: path, value: value) }
    public static func replace(_ path: String, _ value: JSONValue) -> Self { Self(op: "replace", path: path, value: value) }
    public static func remove(_ path: String) -> Self { Self(op: "remove", path: path) }
}

/// Reads only `kind`, to tell a `Status` answer from an object.
struct KindProbe: Decodable {
    var kind: String?
}
