import Foundation
import KubernetesCore

/// The `/scale` subresource: an `autoscaling/v1 Scale` view of a workload's replica count.
extension RequestEngine {
    struct ScaleMapping {
        var specReplicas: [String]
        var statusReplicas: [String]
        var selector: [String]?
        /// Built-ins keep a label selector object; custom resources a string at `labelSelectorPath`.
        var selectorIsObject: Bool
    }

    func scaleMapping(_ resource: ServedResource) throws(APIError) -> ScaleMapping {
        if let scale = resource.scale {
            func path(_ text: String) -> [String] { text.split(separator: ".").map(String.init) }
            return ScaleMapping(specReplicas: path(scale.specReplicas), statusReplicas: path(scale.statusReplicas),
                                selector: scale.labelSelector.map(path), selectorIsObject: false)
        }
        guard resource.subresources.contains("scale") else { throw APIError.resourceNotFound }
        return ScaleMapping(specReplicas: ["spec", "replicas"], statusReplicas: ["status", "replicas"], selector: ["spec", "selector"], selectorIsObject: true)
    }

    func scaleView(_ object: JSONValue, mapping: ScaleMapping) -> JSONValue {
        var metadata: JSONValue = [:]
        for key in ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"] {
            if let value = object[path: ["metadata", key]] { metadata[key] = value }
        }
        var status: JSONValue = ["replicas": object[path: mapping.statusReplicas] ?? 0]
        if let selectorPath = mapping.selector, let selector = object[path: selectorPath] {
            status["selector"] = mapping.selectorIsObject ? .string(Self.selectorString(selector)) : selector
        }
        var spec: JSONValue = [:]
        if let replicas = object[path: mapping.specReplicas], replicas != 0 { spec["replicas"] = replicas }
        return ["apiVersion": "autoscaling/v1", "kind": "Scale", "metadata": metadata, "spec": spec, "status": status]
    }

    static func selectorString(_ selector: JSONValue) -> String {
        var terms = (selector["matchLabels"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.stringValue ?? "")" }
        for expression in selector["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")
            switch expression["operator"]?.stringValue {
            case "In": terms.append("\(key) in (\(values))")
            case "NotIn": terms.append("\(key) notin (\(values))")
            case "Exists": terms.append(key)
            case "DoesNotExist": terms.append("!\(key)")
            default: break
            }
        }
        return terms.joined(separator: ",")
    }

    func getScale(resource: ServedResource, namespace: String?, name: String, format: ResponseFormat) throws(APIError) -> ServerResponse {
        let mapping = try scaleMapping(resource)
        guard let object = store.get(resource, namespace: namespace, name: name) else { throw APIError.notFound(resource, name: name) }
        return Representation.response(200, scaleView(object, mapping: mapping), format: format)
    }

    func updateScale(_ request: ServerRequest, resource: ServedResource, namespace: String?, name: String, format: ResponseFormat) throws(APIError) -> ServerResponse {
        let parsed = try Representation.decodeBody(request, kind: "Scale").value
        return try writeScale(resource: resource, namespace: namespace, name: name, request: request, format: format) { _ throws(APIError) in parsed }
    }

    func patchScale(_ request: ServerRequest, type: PatchType, resource: ServedResource, namespace: String?, name: String, format: ResponseFormat) throws(APIError) -> ServerResponse {
        let body: JSONValue
        do { body = try JSONCodec.parse(request.body).value } catch { throw APIError.badRequest("error decoding patch: \(error.message)") }
        return try writeScale(resource: resource, namespace: namespace, name: name, request: request, format: format) { scale throws(APIError) in
            switch type {
            case .json: return try WriteRules.jsonPatch(scale, operations: body)
            default: return try WriteRules.mergePatch(scale, patch: body)
            }
        }
    }

    private func writeScale(
        resource: ServedResource, namespace: String?, name: String, request: ServerRequest, format: ResponseFormat,
        _ change: (JSONValue) throws(APIError) -> JSONValue
    ) throws(APIError) -> ServerResponse {
        let mapping = try scaleMapping(resource)
        let options = try WriteOptions(request)
        let now = Date()
        let catalog = store.catalog()
        let (decision, stored) = try store.write(resource, namespace: namespace, name: name, dryRun: options.dryRun) { current, _ throws(APIError) in
            guard let current else { throw APIError.notFound(resource, name: name) }
            let scale = try change(scaleView(current, mapping: mapping))
            if let wanted = scale[path: ["metadata", "resourceVersion"]]?.stringValue, wanted != current[path: ["metadata", "resourceVersion"]]?.stringValue {
                throw APIError.conflict(resource, name: name)
            }
            var proposed = current
            proposed.setValue(scale[path: ["spec", "replicas"]] ?? 0, at: mapping.specReplicas)
            return try self.decideUpdate(current: current, proposed: proposed, resource: resource, subresource: "scale",
                                         manager: options.fieldManager, now: now, checkResourceVersion: false, catalog: catalog)
        }
        if !options.dryRun, !Self.isNoOp(decision) { afterWrite(resource: resource, object: stored) }
        return Representation.response(200, scaleView(stored, mapping: mapping), format: format)
    }
}

extension JSONValue {
    /// Sets a value at a path of object keys, creating intermediate objects.
    mutating func setValue(_ value: JSONValue?, at path: [String]) {
        guard let first = path.first else { if let value { self = value }; return }
        guard case .object(var members) = self else { return }
        if path.count == 1 {
            members[first] = value
        } else {
            var child = members[first] ?? .object([:])
            if child.objectValue == nil { child = .object([:]) }
            child.setValue(value, at: Array(path.dropFirst()))
            members[first] = child
        }
        self = .object(members)
    }
}
