import Foundation
import KubernetesCore

extension RequestEngine {
    func get(_ request: ServerRequest, resource: ServedResource, namespace: String?, name: String, format: ResponseFormat) throws(APIError) -> ServerResponse {
        guard let object = store.get(resource, namespace: namespace, name: name) else { throw APIError.notFound(resource, name: name) }
        let shown = present(object, as: resource)
        switch format {
        case .table: return .json(200, Tables.table(for: [shown], resource: resource, catalog: store.catalog(), listRevision: nil))
        case .partialMetadata: return .json(200, Self.partialMetadata(shown))
        default: return Representation.response(200, shown, format: format)
        }
    }

    /// The object as served at `resource`'s version (custom resources share storage across versions).
    func present(_ object: JSONValue, as resource: ServedResource) -> JSONValue {
        if resource.storedAsCoreEvent { return EventConversion.toEventsV1(object) }
        if resource.storageKey == "/events" { return EventConversion.coreView(object) }
        var shown = object
        if resource.isCustom { shown["apiVersion"] = .string(resource.apiVersion) }
        return shown
    }

    static func partialMetadata(_ object: JSONValue) -> JSONValue {
        ["apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadata", "metadata": object["metadata"] ?? [:]]
    }

    /// The label and field selectors of a list or watch, validated like the real server.
    func filter(_ request: ServerRequest, resource: ServedResource, namespace: String?) throws(APIError) -> ObjectFilter {
        var filter = ObjectFilter(namespace: namespace)
        if let text = request.query["labelSelector"], !text.isEmpty {
            if let problem = LabelSelectorSyntax.error(in: text) { throw APIError.badRequest(problem) }
            do { filter.labels = try LabelQuery(parsing: text) } catch { throw APIError.badRequest(error.reason) }
        }
        if let text = request.query["fieldSelector"], !text.isEmpty {
            do { filter.fields = try FieldQuery(parsing: text) } catch { throw APIError.badRequest(error.reason) }
            try FieldSelectors.validate(filter.fields, for: resource)
        }
        return filter
    }

    static func parseRevision(_ text: String?) throws(APIError) -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        guard let revision = Int64(text), revision >= 0 else {
            throw APIError.internalError("resourceVersion: Invalid value: \"\(text)\": strconv.ParseUint: parsing \"\(text)\": invalid syntax")
        }
        return revision
    }

    func list(_ request: ServerRequest, resource: ServedResource, namespace: String?, format: ResponseFormat) throws(APIError) -> ServerResponse {
        let match = request.query["resourceVersionMatch"]
        let requestedText = request.query["resourceVersion"]
        if match != nil, requestedText?.isEmpty ?? true {
            throw APIError.invalidOptions("ListOptions", field: "resourceVersionMatch", reason: "FieldValueForbidden",
                                          detail: "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided")
        }
        if request.query["sendInitialEvents"] != nil {
            throw APIError.invalidOptions("ListOptions", field: "sendInitialEvents", reason: "FieldValueForbidden",
                                          detail: "Forbidden: sendInitialEvents is forbidden for list")
        }
        let filter = try filter(request, resource: resource, namespace: namespace)
        let requested = try Self.parseRevision(requestedText)
        var limit = Int(request.query["limit"] ?? "") ?? 0
        if requested == 0 { limit = 0 }  // served from the watch cache, which ignores limit

        var startAfter: String?
        var atRevision: Int64?
        if let token = request.query["continue"], !token.isEmpty {
            let decoded = try ContinueToken.decode(token)
            startAfter = decoded.start
            atRevision = decoded.revision
        } else if let requested, requested > 0 {
            let current = store.currentRevision
            if requested > current { throw APIError.tooLargeResourceVersion(requested: requested, current: current) }
            if match == "Exact" { atRevision = requested }
        }
        let (revision, objects) = try store.listState(storageKey: resource.storageKey, namespace: namespace, at: atRevision)
        var items: [JSONValue] = []
        var continueToken: String?
        var remaining: Int?
        var index = 0
        let keys = objects
        if let startAfter { index = keys.firstIndex { $0.key >= startAfter } ?? keys.count }
        while index < keys.count {
            let (_, object) = keys[index]
            index += 1
            guard filter.matches(object) else { continue }
            if limit > 0, items.count == limit {
                index -= 1
                let remainingCount = keys[index...].filter { filter.matches($0.object) }.count
                continueToken = ContinueToken.encode(revision: revision, start: keys[index].key)
                remaining = remainingCount
                break
            }
            items.append(object)
        }
        let shown = items.map { item -> JSONValue in
            var value = present(item, as: resource)
            if !resource.isCustom { value["apiVersion"] = nil; value["kind"] = nil }
            return value
        }
        switch format {
        case .table:
            return .json(200, Tables.table(for: items.map { present($0, as: resource) }, resource: resource, catalog: store.catalog(), listRevision: revision, continueToken: continueToken))
        case .partialMetadata:
            var metadata: JSONValue = ["resourceVersion": .string(String(revision))]
            if let continueToken { metadata["continue"] = .string(continueToken) }
            return .json(200, ["apiVersion": "meta.k8s.io/v1", "kind": "PartialObjectMetadataList", "metadata": metadata,
                               "items": .array(items.map(Self.partialMetadata))])
        default:
            var metadata: JSONValue = ["resourceVersion": .string(String(revision))]
            if let continueToken { metadata["continue"] = .string(continueToken) } else if resource.isCustom { metadata["continue"] = "" }
            if let remaining { metadata["remainingItemCount"] = .integer(Int64(remaining)) }
            return Representation.response(200, ["apiVersion": .string(resource.apiVersion), "kind": .string(resource.listKind),
                                                 "metadata": metadata, "items": .array(shown)], format: format)
        }
    }
}

/// List continuation tokens in the real server's format: raw-URL base64 of
/// `{"v":"meta.k8s.io/v1","rv":N,"start":"<key>\u0000"}`.
enum ContinueToken {
    static func encode(revision: Int64, start: String) -> String {
        let json = JSONCodec.serialize(["v": "meta.k8s.io/v1", "rv": .integer(revision), "start": .string(start)])
        return Data(json).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ token: String) throws(APIError) -> (revision: Int64, start: String) {
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        if let bad = token.firstIndex(where: { !alphabet.contains($0) }) {
            throw invalid("illegal base64 data at input byte \(token.distance(from: token.startIndex, to: bad))")
        }
        if token.count % 4 == 1 { throw invalid("illegal base64 data at input byte \(token.count - 1)") }
        var standard = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while standard.count % 4 != 0 { standard += "=" }
        guard let data = Data(base64Encoded: standard), let parsed = try? JSONCodec.parse(Array(data)).value,
              let revision = parsed["rv"]?.int64Value, let start = parsed["start"]?.stringValue else {
            throw invalid("continue key is not valid")
        }
        return (revision, start)
    }

    private static func invalid(_ reason: String) -> APIError {
        APIError.badRequest("invalid continue token: continue key is not valid: \(reason)")
    }
}

extension ObjectStore {
    /// A collection as of `revision` (nil: now), rebuilt by undoing newer history; 410 when that
    /// history has been compacted.
    func listState(storageKey: String, namespace: String?, at revision: Int64?) throws(APIError) -> (Int64, [(key: String, object: JSONValue)]) {
        try state.withLock { (state: inout State) throws(APIError) -> (Int64, [(key: String, object: JSONValue)]) in
            var objects = state.collections[storageKey] ?? [:]
            var listRevision = state.revision
            if let revision, revision < state.revision {
                if revision < state.oldestRevision { throw APIError.expired("The resourceVersion for the provided list is too old.") }
                for record in state.history.reversed() where record.revision > revision && record.storageKey == storageKey {
                    let key = ObjectStore.objectKey(namespace: record.namespace, name: record.object[path: ["metadata", "name"]]?.stringValue ?? "")
                    objects[key] = record.type == .added ? nil : record.previous
                }
                listRevision = revision
            }
            let prefix = namespace.map { "\($0)/" }
            let items = objects.filter { prefix == nil || $0.key.hasPrefix(prefix!) }.map { (key: $0.key, object: $0.value) }.sorted { $0.key < $1.key }
            return (listRevision, items)
        }
    }
}
