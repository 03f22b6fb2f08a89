import KubernetesCore

/// core/v1 and events.k8s.io/v1 Events are one resource on a real server: the store keeps the core
/// shape, and events.k8s.io reads and writes are converted, with the explicit nulls each API's Go type
/// writes (`eventTime: null` on core Events, `deprecatedFirstTimestamp: null` on events.k8s.io ones).
enum EventConversion {
    /// events.k8s.io/v1 -> core/v1 (for storage).
    static func toCore(_ event: JSONValue) -> JSONValue {
        var core: [String: JSONValue] = ["apiVersion": "v1", "kind": "Event", "metadata": event["metadata"] ?? [:]]
        let renames = [("regarding", "involvedObject"), ("note", "message"), ("deprecatedSource", "source"),
                       ("deprecatedFirstTimestamp", "firstTimestamp"), ("deprecatedLastTimestamp", "lastTimestamp"),
                       ("deprecatedCount", "count"), ("reportingController", "reportingComponent")]
        for (from, to) in renames { if let value = event[from], value != .null { core[to] = value } }
        for key in ["eventTime", "series", "action", "reason", "type", "related", "reportingInstance"] {
            if let value = event[key], value != .null { core[key] = value }
        }
        return .object(core)
    }

    /// core/v1 (stored) -> events.k8s.io/v1, as that API shows it.
    static func toEventsV1(_ core: JSONValue) -> JSONValue {
        var event: [String: JSONValue] = ["apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": core["metadata"] ?? [:]]
        let renames = [("involvedObject", "regarding"), ("message", "note"), ("reportingComponent", "reportingController")]
        for (from, to) in renames { if let value = core[from], value != .null, value != "" { event[to] = value } }
        for key in ["series", "action", "reason", "type", "related", "reportingInstance"] {
            if let value = core[key], value != .null, value != "" { event[key] = value }
        }
        if let count = core["count"], count != 0, count != .null { event["deprecatedCount"] = count }
        event["eventTime"] = core["eventTime"] ?? .null
        event["deprecatedSource"] = core["source"] ?? [:]
        event["deprecatedFirstTimestamp"] = core["firstTimestamp"] ?? .null
        event["deprecatedLastTimestamp"] = core["lastTimestamp"] ?? .null
        return .object(event)
    }

    /// A stored core Event as core/v1 shows it (fields its Go type always writes).
    static func coreView(_ core: JSONValue) -> JSONValue {
        var event = core.objectValue ?? [:]
        event["apiVersion"] = "v1"
        event["kind"] = "Event"
        for key in ["eventTime", "firstTimestamp", "lastTimestamp"] where event[key] == nil { event[key] = .null }
        for key in ["reportingComponent", "reportingInstance"] where event[key] == nil { event[key] = "" }
        if event["source"] == nil { event["source"] = [:] }
        if event["involvedObject"] == nil { event["involvedObject"] = [:] }
        return .object(event)
    }
}
