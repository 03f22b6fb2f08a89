import Foundation
import KubernetesCore

extension RequestEngine {
    /// `DeleteOptions` from the body or the query string.
    struct DeleteRequest {
        var propagationPolicy: String?
        var preconditionUID: String?
        var preconditionResourceVersion: String?
        var dryRun: Bool
        /// nil: the object's own default (a Pod's `terminationGracePeriodSeconds`).
        var gracePeriodSeconds: Int64?

        init(_ request: ServerRequest) throws(APIError) {
            var options: JSONValue = [:]
            if !request.body.isEmpty, let parsed = try? JSONCodec.parse(request.body).value { options = parsed }
            propagationPolicy = options["propagationPolicy"]?.stringValue ?? request.query["propagationPolicy"]
            if propagationPolicy == nil {
                let orphan = options["orphanDependents"]?.boolValue ?? request.query["orphanDependents"].map { $0 == "true" }
                if orphan == true { propagationPolicy = "Orphan" }
            }
            if let policy = propagationPolicy, !["Background", "Foreground", "Orphan"].contains(policy) {
                throw APIError.invalidOptions("DeleteOptions", field: "propagationPolicy", reason: "FieldValueNotSupported",
                                              detail: "Unsupported value: \"\(policy)\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"")
            }
            preconditionUID = options[path: ["preconditions", "uid"]]?.stringValue
            preconditionResourceVersion = options[path: ["preconditions", "resourceVersion"]]?.stringValue
            gracePeriodSeconds = options["gracePeriodSeconds"]?.int64Value ?? request.query["gracePeriodSeconds"].flatMap { Int64($0) }
            dryRun = (options["dryRun"]?.arrayValue?.contains("All") ?? false) || request.query["dryRun"] == "All"
        }
    }

    func delete(_ request: ServerRequest, resource: ServedResource, namespace: String?, name: String, format: ResponseFormat) throws(APIError) -> ServerResponse {
        let options = try DeleteRequest(request)
        let now = Date()
        let (decision, stored) = try store.write(resource, namespace: namespace, name: name, dryRun: options.dryRun) { current, _ throws(APIError) in
            guard let current else { throw APIError.notFound(resource, name: name) }
            return try Self.decideDelete(current, resource: resource, options: options, now: now)
        }
        if !options.dryRun { afterWrite(resource: resource, object: stored) }
        if case .delete = decision, resource.plural != "namespaces" {
            var details = APIError.resourceDetails(resource, name: name)
            details["uid"] = stored[path: ["metadata", "uid"]] ?? ""
            return Representation.response(200, ["apiVersion": "v1", "kind": "Status", "metadata": [:], "status": "Success", "details": details], format: format)
        }
        return Representation.response(200, present(stored, as: resource), format: format)
    }

    /// Deletes at once, or marks for deletion (deletionTimestamp) when finalizers (custom ones, or the
    /// garbage collector's `foregroundDeletion` / `orphan`, or a namespace's `kubernetes`) must run first.
    static func decideDelete(_ current: JSONValue, resource: ServedResource, options: DeleteRequest, now: Date) throws(APIError) -> ObjectStore.Decision {
        let name = current[path: ["metadata", "name"]]?.stringValue ?? ""
        if let uid = options.preconditionUID, uid != current[path: ["metadata", "uid"]]?.stringValue {
            throw APIError.preconditionConflict(resource, name: name, what: "UID", expected: uid, actual: current[path: ["metadata", "uid"]]?.stringValue ?? "")
        }
        if let version = options.preconditionResourceVersion, version != current[path: ["metadata", "resourceVersion"]]?.stringValue {
            throw APIError.preconditionConflict(resource, name: name, what: "ResourceVersion", expected: version, actual: current[path: ["metadata", "resourceVersion"]]?.stringValue ?? "")
        }
        if resource.storageKey == "/pods", let graceful = gracefulPodDeletion(current, options: options, now: now) {
            return graceful
        }
        var object = current
        var finalizers = object[path: ["metadata", "finalizers"]]?.arrayValue?.compactMap(\.stringValue) ?? []
        if object[path: ["metadata", "deletionTimestamp"]] != nil {
            return .none(object)
        }
        switch options.propagationPolicy {
        case "Foreground": if !finalizers.contains("foregroundDeletion") { finalizers.append("foregroundDeletion") }
        case "Orphan": if !finalizers.contains("orphan") { finalizers.append("orphan") }
        default: break
        }
        if resource.plural == "namespaces", resource.group.isEmpty {
            object["metadata"]?["deletionTimestamp"] = .string(Timestamps.seconds(now))
            object["metadata"]?["deletionGracePeriodSeconds"] = nil
            object["status"] = ["phase": "Terminating"]
            return .update(object)
        }
        if resource.storageKey == "apiextensions.k8s.io/customresourcedefinitions" {
            // The CRD strategy defers deletion until every custom resource is gone.
            if !finalizers.contains(CustomResourceServing.cleanupFinalizer) { finalizers.append(CustomResourceServing.cleanupFinalizer) }
            object["metadata"]?["finalizers"] = .array(finalizers.map(JSONValue.string))
            object["metadata"]?["deletionTimestamp"] = .string(Timestamps.seconds(now))
            var conditions = object[path: ["status", "conditions"]]?.arrayValue ?? []
            conditions.append(["type": "Terminating", "status": "True", "reason": "InstanceDeletionPending",
                               "message": "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon",
                               "lastTransitionTime": .string(Timestamps.seconds(now))])
            object.setValue(.array(conditions), at: ["status", "conditions"])
            return .update(object)
        }
        if finalizers.isEmpty { return .delete(object) }
        object["metadata"]?["finalizers"] = .array(finalizers.map(JSONValue.string))
        object["metadata"]?["deletionTimestamp"] = .string(Timestamps.seconds(now))
        object["metadata"]?["deletionGracePeriodSeconds"] = 0
        // rest.BeforeDelete: marking an object for deletion is a change of its desired state.
        if let generation = object[path: ["metadata", "generation"]]?.int64Value, generation > 0 {
            object["metadata"]?["generation"] = .integer(generation + 1)
        }
        return .update(object)
    }

    /// The Pod strategy's graceful deletion: a Pod bound to a node and not yet terminal is only marked
    /// (deletionTimestamp = now + grace, deletionGracePeriodSeconds = grace) so that its kubelet can stop the
    /// containers; the kubelet then deletes it with a grace period of 0. A later delete may shorten the grace
    /// period, never extend it. Unbound and terminal Pods are deleted at once, as on a real server. Returns
    /// nil when the ordinary deletion rules apply.
    static func gracefulPodDeletion(_ current: JSONValue, options: DeleteRequest, now: Date) -> ObjectStore.Decision? {
        let bound = !(current[path: ["spec", "nodeName"]]?.stringValue ?? "").isEmpty
        let terminal = ["Succeeded", "Failed"].contains(current[path: ["status", "phase"]]?.stringValue ?? "")
        var grace = options.gracePeriodSeconds ?? current[path: ["spec", "terminationGracePeriodSeconds"]]?.int64Value ?? 30
        if !bound || terminal || grace < 0 { grace = 0 }
        let alreadyMarked = current[path: ["metadata", "deletionTimestamp"]] != nil
        let currentGrace = current[path: ["metadata", "deletionGracePeriodSeconds"]]?.int64Value
        let finalizers = current[path: ["metadata", "finalizers"]]?.arrayValue ?? []
        if grace == 0 {
            // Immediate: finalizers still hold the object, with the grace period cut to 0.
            guard !finalizers.isEmpty else { return .delete(current) }
            var object = current
            if !alreadyMarked { object.setValue(.string(Timestamps.seconds(now)), at: ["metadata", "deletionTimestamp"]) }
            object.setValue(0, at: ["metadata", "deletionGracePeriodSeconds"])
            return object == current ? .none(current) : .update(object)
        }
        if alreadyMarked, let currentGrace, currentGrace <= grace { return .none(current) }
        var object = current
        object.setValue(.string(Timestamps.seconds(now.addingTimeInterval(Double(grace)))), at: ["metadata", "deletionTimestamp"])
        object.setValue(.integer(grace), at: ["metadata", "deletionGracePeriodSeconds"])
        return .update(object)
    }

    func deleteCollection(_ request: ServerRequest, resource: ServedResource, namespace: String?, format: ResponseFormat) throws(APIError) -> ServerResponse {
        guard resource.verbs.contains("deletecollection") else { throw APIError.methodNotAllowed }
        let options = try DeleteRequest(request)
        let filter = try filter(request, resource: resource, namespace: namespace)
        let now = Date()
        var deleted: [JSONValue] = []
        for (_, object) in store.snapshot(storageKey: resource.storageKey, namespace: namespace).items where filter.matches(object) {
            let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
            let objectNamespace = object[path: ["metadata", "namespace"]]?.stringValue
            if let (_, stored) = try? store.write(resource, namespace: objectNamespace, name: name, dryRun: options.dryRun, { current, _ throws(APIError) in
                guard let current else { throw APIError.notFound(resource, name: name) }
                return try Self.decideDelete(current, resource: resource, options: options, now: now)
            }) {
                deleted.append(present(stored, as: resource))
            }
        }
        controllers.notify()
        return Representation.response(200, ["apiVersion": .string(resource.apiVersion), "kind": .string(resource.listKind),
                                             "metadata": ["resourceVersion": .string(String(store.currentRevision))], "items": .array(deleted)], format: format)
    }
}
