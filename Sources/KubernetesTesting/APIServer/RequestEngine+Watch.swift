import Foundation
import KubernetesCore

extension RequestEngine {
    func watch(_ request: ServerRequest, resource: ServedResource, namespace: String?, name: String?, format: ResponseFormat) throws(APIError) -> ServerResponse {
        var timeout = Duration.seconds(1800)
        if let text = request.query["timeoutSeconds"] {
            guard let seconds = Int64(text) else { throw APIError.badRequest("strconv.ParseInt: parsing \"\(text)\": invalid syntax") }
            if seconds > 0 { timeout = .seconds(seconds) }
        }
        let sendInitialEvents = request.query["sendInitialEvents"] == "true"
        let match = request.query["resourceVersionMatch"]
        if sendInitialEvents, match != "NotOlderThan" {
            throw APIError.invalidOptions("ListOptions", field: "resourceVersionMatch", reason: "FieldValueForbidden",
                                          detail: "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")
        }
        if !sendInitialEvents, match != nil {
            throw APIError.invalidOptions("ListOptions", field: "resourceVersionMatch", reason: "FieldValueForbidden",
                                          detail: "Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided")
        }
        var filter = try filter(request, resource: resource, namespace: namespace)
        if let name { filter.fields = FieldQuery(filter.fields.requirements + [.init(field: "metadata.name", value: name)]) }
        let revision = try Self.parseRevision(request.query["resourceVersion"])
        let bookmarks = request.query["allowWatchBookmarks"] == "true"
        let start: WatchStart
        if sendInitialEvents {
            start = .initialState(bookmarkAtEnd: bookmarks)
        } else if let revision, revision > 0 {
            start = .after(revision)
        } else {
            start = .initialState(bookmarkAtEnd: false)
        }
        let isEvents = resource.plural == "events"
        let opened = store.openWatch(storageKey: resource.storageKey, filter: filter, start: start, bufferCapacity: configuration.watchBufferCapacity) { requested, oldest in
            isEvents ? "The resourceVersion for the provided watch is too old." : "too old resource version: \(requested) (\(oldest))"
        }
        let render = watchRenderer(resource: resource, format: format)
        return .watch(WatchResponse(watchID: opened.id, initial: opened.initial, stream: opened.stream, timeout: timeout, bookmarks: bookmarks, render: render))
    }

    func watchRenderer(resource: ServedResource, format: ResponseFormat) -> @Sendable (WatchFrame) -> [UInt8] {
        let engine = self
        return { frame in
            let event: JSONValue
            switch frame {
            case .event(let type, let object):
                let shown = engine.present(object, as: resource)
                let body: JSONValue = switch format {
                case .table: Tables.table(for: [shown], resource: resource, catalog: engine.store.catalog(), listRevision: nil)
                case .partialMetadata: Self.partialMetadata(shown)
                default: shown
                }
                event = ["type": .string(type), "object": body]
            case .bookmark(let revision, let initialEventsEnd):
                var metadata: JSONValue = ["resourceVersion": .string(String(revision))]
                if initialEventsEnd { metadata["annotations"] = ["k8s.io/initial-events-end": "true"] }
                event = ["type": "BOOKMARK", "object": ["kind": .string(resource.kind), "apiVersion": .string(resource.apiVersion), "metadata": metadata]]
            case .error(let status):
                event = ["type": "ERROR", "object": status]
            }
            return JSONCodec.serialize(event) + [UInt8(ascii: "\n")]
        }
    }
}
