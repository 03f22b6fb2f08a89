import KubernetesCore

/// The field selectors each resource supports, and how a field's value is read from an object
/// (kube-apiserver registers a small fixed set per type; everything else is a 400).
enum FieldSelectors {
    /// Fields beyond `metadata.name` / `metadata.namespace`, by storage key.
    static let extraFields: [String: [String: [String]]] = [
        "/pods": [
            "spec.nodeName": ["spec", "nodeName"], "spec.restartPolicy": ["spec", "restartPolicy"],
            "spec.schedulerName": ["spec", "schedulerName"], "spec.serviceAccountName": ["spec", "serviceAccountName"],
            "status.phase": ["status", "phase"], "status.podIP": ["status", "podIP"],
            "status.nominatedNodeName": ["status", "nominatedNodeName"],
        ],
        "/events": [
            "involvedObject.kind": ["involvedObject", "kind"], "involvedObject.namespace": ["involvedObject", "namespace"],
            "involvedObject.name": ["involvedObject", "name"], "involvedObject.uid": ["involvedObject", "uid"],
            "involvedObject.apiVersion": ["involvedObject", "apiVersion"],
            "involvedObject.resourceVersion": ["involvedObject", "resourceVersion"],
            "involvedObject.fieldPath": ["involvedObject", "fieldPath"], "reason": ["reason"],
            "reportingComponent": ["reportingComponent"], "source": ["source", "component"], "type": ["type"],
        ],
        // events.k8s.io Events are stored as core Events, so their fields read the core paths.
        "events.k8s.io/events": [
            "regarding.kind": ["involvedObject", "kind"], "regarding.namespace": ["involvedObject", "namespace"],
            "regarding.name": ["involvedObject", "name"], "regarding.uid": ["involvedObject", "uid"],
            "regarding.apiVersion": ["involvedObject", "apiVersion"], "reason": ["reason"],
            "reportingController": ["reportingComponent"], "type": ["type"],
        ],
        "/secrets": ["type": ["type"]],
        "/namespaces": ["status.phase": ["status", "phase"]],
        "/nodes": ["spec.unschedulable": ["spec", "unschedulable"]],
        "/persistentvolumeclaims": [:],
    ]

    /// Checks that every field of the query is selectable on this resource; the error text matches
    /// the real server's for types with and without extra fields.
    static func validate(_ query: FieldQuery, for resource: ServedResource) throws(APIError) {
        let extras = extraFields[resource.selectorKey] ?? [:]
        for requirement in query.requirements where requirement.field != "metadata.name" && requirement.field != "metadata.namespace" {
            if extras[requirement.field] != nil { continue }
            if extras.isEmpty {
                throw APIError.badRequest("\"\(requirement.field)\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"")
            }
            throw APIError.badRequest("field label not supported: \(requirement.field)")
        }
    }

    static func value(_ field: String, _ object: JSONValue) -> String? {
        switch field {
        case "metadata.name": return object[path: ["metadata", "name"]]?.stringValue ?? ""
        case "metadata.namespace": return object[path: ["metadata", "namespace"]]?.stringValue ?? ""
        default: break
        }
        for fields in extraFields.values {
            guard let path = fields[field] else { continue }
            switch object[path: path] {
            case .string(let text)?: return text
            case .bool(let flag)?: return flag ? "true" : "false"
            case .integer(let number)?: return String(number)
            default: return ""
            }
        }
        return nil
    }
}
