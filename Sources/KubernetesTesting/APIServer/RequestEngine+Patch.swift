import Foundation
import KubernetesCore

extension RequestEngine {
    enum PatchType: String {
        case json = "application/json-patch+json"
        case merge = "application/merge-patch+json"
        case strategic = "application/strategic-merge-patch+json"
        case apply = "application/apply-patch+yaml"
    }

    func patchType(_ request: ServerRequest, resource: ServedResource) throws(APIError) -> PatchType {
        let contentType = (request.header("Content-Type") ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard let type = PatchType(rawValue: contentType) else { throw APIError.unsupportedPatchType }
        if type == .strategic, resource.isCustom {
            throw APIError.unsupportedMediaType(accepted: ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"])
        }
        return type
    }

    func patch(_ request: ServerRequest, resource: ServedResource, namespace: String?, name: String, subresource: String?, format: ResponseFormat) throws(APIError) -> ServerResponse {
        let type = try patchType(request, resource: resource)
        if subresource == "scale" { return try patchScale(request, type: type, resource: resource, namespace: namespace, name: name, format: format) }
        let options = try WriteOptions(request)
        if type == .apply { return try apply(request, resource: resource, namespace: namespace, name: name, subresource: subresource, options: options, format: format) }
        let patchBody: JSONValue
        do {
            patchBody = try JSONCodec.parse(request.body).value
        } catch {
            throw APIError.badRequest("error decoding patch: \(error.message)")
        }
        if type == .json, patchBody.arrayValue == nil {
            throw APIError.badRequest("error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp")
        }
        let now = Date()
        let catalog = store.catalog()
        let (decision, stored) = try store.write(resource, namespace: namespace, name: name, dryRun: options.dryRun) { current, _ throws(APIError) in
            guard let current else { throw APIError.notFound(resource, name: name) }
            var patched: JSONValue
            switch type {
            case .json: patched = try WriteRules.jsonPatch(current, operations: patchBody)
            case .merge: patched = try WriteRules.mergePatch(current, patch: patchBody)
            case .strategic: patched = try WriteRules.strategicMergePatch(current, patch: patchBody, resource: resource, catalog: catalog)
            case .apply: patched = current
            }
            // A resourceVersion inside the patch is a precondition (a stale one is a 409).
            let wanted = patchBody[path: ["metadata", "resourceVersion"]]?.stringValue
            if let wanted, wanted != current[path: ["metadata", "resourceVersion"]]?.stringValue { throw APIError.conflict(resource, name: name) }
            patched["metadata"]?["resourceVersion"] = current[path: ["metadata", "resourceVersion"]]
            return try self.decideUpdate(current: current, proposed: patched, resource: resource, subresource: subresource,
                                         manager: options.fieldManager, now: now, checkResourceVersion: false, catalog: catalog)
        }
        if !options.dryRun, !Self.isNoOp(decision) { afterWrite(resource: resource, object: stored) }
        return Representation.response(200, present(stored, as: resource), format: format)
    }

    static func isNoOp(_ decision: ObjectStore.Decision) -> Bool {
        if case .none = decision { return true }
        return false
    }

    /// Server-side apply: creates the object when absent, otherwise merges by field ownership.
    func apply(_ request: ServerRequest, resource: ServedResource, namespace: String?, name: String, subresource: String?, options: WriteOptions, format: ResponseFormat) throws(APIError) -> ServerResponse {
        guard let manager = request.query["fieldManager"], !manager.isEmpty else {
            throw APIError.invalidOptions("PatchOptions", field: "fieldManager", reason: "FieldValueRequired", detail: "Required value: is required for apply patch")
        }
        let applied = try Representation.parseYAML(request.body)
        guard applied.objectValue != nil, let kind = applied["kind"]?.stringValue, let apiVersion = applied["apiVersion"]?.stringValue, !kind.isEmpty, !apiVersion.isEmpty else {
            let kind = applied["kind"]?.stringValue ?? ""
            let apiVersion = applied["apiVersion"]?.stringValue ?? ""
            throw APIError.badRequest("invalid object type: \(apiVersion.contains("/") ? apiVersion : "/" + apiVersion), Kind=\(kind)")
        }
        let bodyName = applied[path: ["metadata", "name"]]?.stringValue ?? ""
        if bodyName != name { throw APIError.badRequest("the name of the object (\(bodyName)) does not match the name on the URL (\(name))") }
        let force = request.query["force"] == "true"
        let catalog = store.catalog()
        let now = Date()
        if subresource == nil { try requireActiveNamespace(namespace, resource: resource) }
        let (decision, stored) = try store.write(resource, namespace: namespace, name: name, dryRun: options.dryRun) { current, _ throws(APIError) in
            guard let current else {
                if subresource != nil { throw APIError.notFound(resource, name: name) }
                var object = WriteRules.prepareCreate(applied, resource: resource)
                object = WriteRules.defaultCustomResource(object, resource: resource, catalog: catalog)
                Admission.applyDefaults(&object, resource: resource)
                guard var owned = try WriteRules.apply(current: nil, applied: applied, manager: manager, force: force, subresource: nil, resource: resource, catalog: catalog, now: now) else {
                    throw APIError.internalError("apply produced no object")
                }
                // The merged object carries the applier's managedFields; defaults fill the rest.
                let managedFields = owned[path: ["metadata", "managedFields"]]
                owned = object
                owned.setValue(managedFields, at: ["metadata", "managedFields"])
                Admission.initializeMetadata(&owned, resource: resource, namespace: namespace, now: now)
                try Admission.validateCreate(owned, resource: resource, catalog: catalog)
                Admission.mutateOnCreate(&owned, resource: resource)
                return .create(owned)
            }
            guard let merged = try WriteRules.apply(current: current, applied: applied, manager: manager, force: force, subresource: subresource, resource: resource, catalog: catalog, now: now) else {
                return .none(current)
            }
            return try self.decideUpdate(current: current, proposed: merged, resource: resource, subresource: subresource,
                                         manager: manager, now: now, checkResourceVersion: applied[path: ["metadata", "resourceVersion"]] != nil,
                                         catalog: catalog, applied: true)
        }
        if !options.dryRun, !Self.isNoOp(decision) { afterWrite(resource: resource, object: stored) }
        if case .create = decision { return Representation.response(201, present(stored, as: resource), format: format) }
        return Representation.response(200, present(stored, as: resource), format: format)
    }
}
