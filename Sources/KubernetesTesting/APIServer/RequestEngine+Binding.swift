import Foundation
import KubernetesCore

extension RequestEngine {
    /// Node labels the PodTopologyLabels admission plugin (Kubernetes 1.33+) copies onto a Pod when it is
    /// bound, so that the downward API can expose the Pod's zone (Capstan's brokers read it for broker.rack).
    static let topologyLabelKeys = ["topology.kubernetes.io/zone", "topology.kubernetes.io/region"]

    /// `POST pods/{name}/binding`: what a scheduler calls to assign a Pod to a node. Sets `spec.nodeName`
    /// (the only way to, as the Pod spec is otherwise immutable), marks `PodScheduled` true, and copies the
    /// node's topology labels onto the Pod. A Pod already bound or being deleted is a 409 Conflict.
    func bindPod(_ request: ServerRequest, resource: ServedResource, namespace: String?, name: String, format: ResponseFormat) throws(APIError) -> ServerResponse {
        guard resource.storageKey == "/pods" else { throw APIError.methodNotAllowed }
        let body = try Representation.decodeBody(request, kind: "Binding").value
        guard let nodeName = body[path: ["target", "name"]]?.stringValue, !nodeName.isEmpty else {
            throw APIError.invalid(kind: "Binding", group: "", name: name, causes: [
                StatusCause(reason: "FieldValueRequired", message: "Required value: the node to bind to", field: "target.name"),
            ])
        }
        let catalog = store.catalog()
        var topologyLabels: [String: JSONValue] = [:]
        if let nodes = catalog.resource(group: "", version: "v1", plural: "nodes"),
           let node = store.get(nodes, namespace: nil, name: nodeName) {
            for key in Self.topologyLabelKeys {
                if let value = node[path: ["metadata", "labels", key]] { topologyLabels[key] = value }
            }
        }
        let now = Timestamps.seconds(Date())
        let (_, stored) = try store.write(resource, namespace: namespace, name: name) { current, _ throws(APIError) in
            guard var pod = current else { throw APIError.notFound(resource, name: name) }
            func conflict(_ why: String) -> APIError {
                APIError(code: 409, reason: "Conflict", message: "Operation cannot be fulfilled on pods/binding \"\(name)\": \(why)",
                         details: ["name": .string(name), "kind": "pods/binding"])
            }
            if pod[path: ["metadata", "deletionTimestamp"]] != nil {
                throw conflict("pod \(name) is being deleted, cannot be assigned to a host")
            }
            if let bound = pod[path: ["spec", "nodeName"]]?.stringValue, !bound.isEmpty {
                throw conflict("pod \(name) is already assigned to node \"\(bound)\"")
            }
            pod.setValue(.string(nodeName), at: ["spec", "nodeName"])
            for (key, value) in topologyLabels { pod.setValue(value, at: ["metadata", "labels", key]) }
            var conditions = pod[path: ["status", "conditions"]]?.arrayValue ?? []
            conditions.removeAll { $0["type"]?.stringValue == "PodScheduled" }
            conditions.append(["type": "PodScheduled", "status": "True", "lastProbeTime": .null, "lastTransitionTime": .string(now)])
            pod.setValue(.array(conditions), at: ["status", "conditions"])
            return .update(pod)
        }
        afterWrite(resource: resource, object: stored)
        return Representation.response(201, ["apiVersion": "v1", "kind": "Status", "metadata": [:], "status": "Success", "code": 201], format: format)
    }
}
