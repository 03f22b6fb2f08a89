import Foundation
import KubernetesCore
import KubernetesModels

/// The seam between the server and the pure libraries it calls for write semantics:
/// Patching/ (merge, JSON and strategic merge patch, server-side apply with managedFields, the object
/// write rules) and CustomResources/ (CR schema validation, pruning, defaulting, CEL, printer columns).
///
/// Every call the handlers make into those libraries goes through here, so wiring them is one file.
/// TEMPORARY until the Patching/ and CustomResources/ branches are merged: minimal stand-ins below
/// (RFC 7386 merge patch, RFC 6902 JSON patch, apply as a merge without ownership, no managedFields,
/// no CR schema validation). They are deleted when the libraries are wired.
enum WriteRules {
    // MARK: Object write rules

    static func prepareCreate(_ object: JSONValue, resource: ServedResource, manager: String, now: Date) throws(APIError) -> JSONValue {
        var object = object
        // A custom resource's status is written through /status only, never by a create.
        if resource.isCustom, resource.subresources.contains("status") { object["status"] = nil }
        try defaultCustomResource(&object, resource: resource)
        return object
    }

    /// Status vs main resource, preserved server-owned metadata, generation bumped on spec change.
    static func prepareUpdate(old: JSONValue, new: JSONValue, resource: ServedResource, subresource: String?, manager: String, operation: String, now: Date) throws(APIError) -> JSONValue {
        var updated: JSONValue
        let hasStatus = resource.subresources.contains("status")
        if subresource == "status" {
            updated = old
            updated["status"] = new["status"]
        } else {
            updated = new
            if hasStatus { updated["status"] = old["status"] }
        }
        for key in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name", "resourceVersion"] {
            updated["metadata"]?[key] = old[path: ["metadata", key]]
        }
        if subresource == "status" {
            updated["metadata"] = old["metadata"]
        }
        if Admission.tracksGeneration(resource) {
            func specOf(_ value: JSONValue) -> JSONValue {
                var copy = value
                copy["metadata"] = nil
                copy["status"] = nil
                return copy
            }
            if specOf(updated) != specOf(old) {
                updated["metadata"]?["generation"] = .integer((old[path: ["metadata", "generation"]]?.int64Value ?? 0) + 1)
            }
        }
        return updated
    }

    // MARK: Patches (temporary stand-ins)

    static func mergePatch(_ target: JSONValue, patch: JSONValue) throws(APIError) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in patchMembers {
            if value == .null {
                result[key] = nil
            } else {
                result[key] = try mergePatch(result[key] ?? .null, patch: value)
            }
        }
        return .object(result)
    }

    static func strategicMergePatch(_ target: JSONValue, patch: JSONValue, resource: ServedResource, catalog: ResourceCatalog) throws(APIError) -> JSONValue {
        try mergePatch(target, patch: patch)
    }

    static func jsonPatch(_ target: JSONValue, operations: JSONValue) throws(APIError) -> JSONValue {
        var document = target
        for operation in operations.arrayValue ?? [] {
            let path = pointer(operation["path"]?.stringValue ?? "")
            switch operation["op"]?.stringValue {
            case "add", "replace":
                if operation["op"] == "replace", document[path: path] == nil { throw APIError.patchRejected }
                document.setValue(operation["value"] ?? .null, at: path)
            case "remove":
                guard document[path: path] != nil else { throw APIError.patchRejected }
                document.setValue(nil, at: path)
            case "test":
                guard document[path: path] == operation["value"] else { throw APIError.patchRejected }
            default:
                throw APIError.patchRejected
            }
        }
        return document
    }

    private static func pointer(_ text: String) -> [String] {
        text.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            .map { $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~") }
    }

    static func apply(current: JSONValue?, applied: JSONValue, manager: String, force: Bool, subresource: String?, resource: ServedResource, catalog: ResourceCatalog, now: Date) throws(APIError) -> JSONValue {
        guard let current else { return applied }
        return try mergePatch(current, patch: applied)
    }

    // MARK: Field validation

    /// Dotted paths of fields the type's schema does not declare (`metadata.bogus`, `spec`).
    static func unknownFields(in object: JSONValue, resource: ServedResource, catalog: ResourceCatalog) -> [String] {
        guard !resource.isCustom else { return [] }
        let registry = KubernetesSchemas.builtIn
        guard let root = registry.rootSchema(for: GroupVersionKind(group: resource.group, version: resource.version, kind: resource.kind)) else { return [] }
        var unknown: [String] = []
        collectUnknown(object, schema: root, registry: registry, path: "", into: &unknown)
        return unknown
    }

    private static func collectUnknown(_ value: JSONValue, schema: TypeSchema, registry: SchemaRegistry, path: String, into unknown: inout [String]) {
        guard case .object(let members) = value else { return }
        for key in members.keys.sorted() {
            let childPath = path.isEmpty ? key : "\(path).\(key)"
            guard let field = schema.fields[key] else {
                if !(path.isEmpty && (key == "apiVersion" || key == "kind")) { unknown.append(childPath) }
                continue
            }
            collectUnknown(members[key] ?? .null, shape: field.shape, registry: registry, path: childPath, into: &unknown)
        }
    }

    private static func collectUnknown(_ value: JSONValue, shape: FieldShape, registry: SchemaRegistry, path: String, into unknown: inout [String]) {
        switch shape {
        case .object(let name, _):
            if let schema = registry.schema(named: name) { collectUnknown(value, schema: schema, registry: registry, path: path, into: &unknown) }
        case .array(let element, _, _):
            for item in value.arrayValue ?? [] { collectUnknown(item, shape: element, registry: registry, path: path, into: &unknown) }
        case .map(let element, _):
            for (key, item) in value.objectValue ?? [:] { collectUnknown(item, shape: element, registry: registry, path: "\(path).\(key)", into: &unknown) }
        case .scalar, .untyped:
            break
        }
    }

    static func pruneUnknownFields(_ object: JSONValue, paths: [String]) -> JSONValue {
        var pruned = object
        for path in paths where !path.contains("[") {
            pruned.setValue(nil, at: path.split(separator: ".").map(String.init))
        }
        return pruned
    }

    // MARK: Custom resources (temporary: no schema validation until CustomResources/ is wired)

    static func validate(_ object: JSONValue, old: JSONValue?, resource: ServedResource) throws(APIError) {}

    static func defaultCustomResource(_ object: inout JSONValue, resource: ServedResource) throws(APIError) {}

    static func printerColumns(for resource: ServedResource) -> [Tables.Column] { [] }
}
