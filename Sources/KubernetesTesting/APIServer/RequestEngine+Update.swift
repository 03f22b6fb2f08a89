import Foundation
import KubernetesCore

extension RequestEngine {
    func update(_ request: ServerRequest, resource: ServedResource, namespace: String?, name: String, subresource: String?, format: ResponseFormat) throws(APIError) -> ServerResponse {
        let options = try WriteOptions(request)
        var (object, warnings) = try decodeObject(request, resource: resource, options: options)
        let bodyName = object[path: ["metadata", "name"]]?.stringValue ?? ""
        if bodyName != name {
            throw APIError.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))")
        }
        if let bodyNamespace = object[path: ["metadata", "namespace"]]?.stringValue, !bodyNamespace.isEmpty, bodyNamespace != namespace, resource.namespaced {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        object["metadata"]?["namespace"] = namespace.map(JSONValue.string)
        let now = Date()
        let catalog = store.catalog()
        let (decision, stored) = try store.write(resource, namespace: namespace, name: name, dryRun: options.dryRun) { current, _ throws(APIError) in
            guard let current else { throw APIError.notFound(resource, name: name) }
            return try self.decideUpdate(current: current, proposed: object, resource: resource, subresource: subresource,
                                         manager: options.fieldManager, now: now, checkResourceVersion: true, catalog: catalog)
        }
        if !options.dryRun, case .none = decision {} else if !options.dryRun { afterWrite(resource: resource, object: stored) }
        return Representation.response(200, present(stored, as: resource), format: format, headers: warnings.map { ("Warning", $0) })
    }

    /// The common tail of update, patch and apply: optimistic concurrency, the write rules (status vs
    /// main resource, generation, preserved metadata), validation, and finalization of a deleted object
    /// whose last finalizer was removed.
    func decideUpdate(
        current: JSONValue, proposed: JSONValue, resource: ServedResource, subresource: String?, manager: String, now: Date,
        checkResourceVersion: Bool, catalog: ResourceCatalog, applied: Bool = false
    ) throws(APIError) -> ObjectStore.Decision {
        let name = current[path: ["metadata", "name"]]?.stringValue ?? ""
        if checkResourceVersion, let wanted = proposed[path: ["metadata", "resourceVersion"]]?.stringValue, !wanted.isEmpty,
           wanted != current[path: ["metadata", "resourceVersion"]]?.stringValue {
            throw APIError.conflict(resource, name: name)
        }
        if let uid = proposed[path: ["metadata", "uid"]]?.stringValue, !uid.isEmpty, uid != current[path: ["metadata", "uid"]]?.stringValue {
            throw APIError.conflict(resource, name: name)
        }
        var updated = try WriteRules.prepareUpdate(old: current, new: proposed, resource: resource, subresource: subresource)
        updated = WriteRules.defaultCustomResource(updated, resource: resource, catalog: catalog)
        updated = GoEncoding.normalize(updated, resource: resource)
        Admission.mutateOnUpdate(&updated, old: current, resource: resource)
        try Admission.validateUpdate(old: current, new: updated, resource: resource, catalog: catalog)
        if !applied {
            updated = try WriteRules.recordUpdate(live: current, updated: updated, resource: resource, subresource: subresource,
                                                  manager: manager, catalog: catalog, now: now)
        }
        if updated == current { return .none(current) }
        let finalizers = updated[path: ["metadata", "finalizers"]]?.arrayValue ?? []
        // Finalized: marked for deletion, no finalizers left, and no grace period still running (a Pod being
        // stopped by its kubelet keeps deletionGracePeriodSeconds > 0 until the kubelet deletes it).
        let gracePeriod = updated[path: ["metadata", "deletionGracePeriodSeconds"]]?.int64Value ?? 0
        if updated[path: ["metadata", "deletionTimestamp"]] != nil, finalizers.isEmpty, gracePeriod == 0 {
            return .delete(updated)
        }
        return .update(updated)
    }
}
