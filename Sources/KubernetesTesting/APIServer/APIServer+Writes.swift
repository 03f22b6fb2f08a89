import Foundation
import KubernetesCore
import KubernetesModels

/// The seam between the server and the pure libraries it calls for write semantics:
/// Patching/ (merge, JSON and strategic merge patch, server-side apply with managedFields, the object
/// write rules) and CustomResources/ (CR schema pruning, defaulting, validation with CEL, printer columns,
/// CRD validation). Every call the handlers make into those libraries goes through here.
enum WriteRules {
    // MARK: Schemas

    /// The registry and root type server-side apply and strategic merge patch use for a resource.
    static func schema(for resource: ServedResource, catalog: ResourceCatalog) -> (registry: SchemaRegistry, root: String?) {
        if resource.isCustom, let custom = catalog.customSchema(for: resource) { return (custom.registry, custom.rootName) }
        let registry = KubernetesSchemas.builtIn
        return (registry, registry.roots[GroupVersionKind(group: resource.group, version: resource.version, kind: resource.kind)])
    }

    static func rules(for resource: ServedResource) -> WritePreparation.Rules {
        WritePreparation.Rules(hasStatusSubresource: resource.subresources.contains("status"),
                               tracksGeneration: Admission.tracksGeneration(resource),
                               annotationsBumpGeneration: resource.storageKey == "apps/deployments")
    }

    static func fieldManager(for resource: ServedResource, catalog: ResourceCatalog) -> FieldManager {
        let (registry, root) = schema(for: resource, catalog: catalog)
        return FieldManager(registry: registry, rootTypeName: root, apiVersion: resource.apiVersion, kind: resource.kind)
    }

    static func apiError(_ error: PatchError) -> APIError {
        APIError(code: error.code, reason: error.reason, message: error.message, details: error.details)
    }

    // MARK: Object write rules

    /// A create body as the registry strategy sees it: server-owned metadata dropped, status dropped when the
    /// kind has a status subresource, generation 1 when tracked.
    static func prepareCreate(_ object: JSONValue, resource: ServedResource) -> JSONValue {
        WritePreparation.prepareCreate(object, rules: rules(for: resource))
    }

    /// Records the writer's ownership in managedFields (operation Update) for a create or non-apply update.
    static func recordUpdate(live: JSONValue?, updated: JSONValue, resource: ServedResource, subresource: String?, manager: String, catalog: ResourceCatalog, now: Date) throws(APIError) -> JSONValue {
        let manager = manager.isEmpty ? "unknown" : manager
        do {
            return try fieldManager(for: resource, catalog: catalog).update(
                live: live, updated: updated, manager: manager, subresource: subresource,
                reset: FieldManager.resetFields(subresource: subresource, hasStatusSubresource: resource.subresources.contains("status")),
                createBaseline: createBaseline(for: resource, catalog: catalog), now: Timestamps.seconds(now),
                comparesGoStructs: !resource.isCustom)
        } catch {
            throw apiError(error)
        }
    }

    /// What a create is compared against: the Go zero value of a built-in type (its non-pointer structs
    /// present as `{}`), nothing for a custom resource (unstructured, as on the real server).
    static func createBaseline(for resource: ServedResource, catalog: ResourceCatalog) -> JSONValue {
        if resource.isCustom { return .object([:]) }
        let (registry, root) = schema(for: resource, catalog: catalog)
        return GoZeroValue.of(root, in: registry)
    }

    /// Status vs main resource, preserved server-owned metadata, generation bumped on spec change.
    static func prepareUpdate(old: JSONValue, new: JSONValue, resource: ServedResource, subresource: String?) throws(APIError) -> JSONValue {
        do {
            return try WritePreparation.prepareUpdate(live: old, incoming: new, subresource: subresource, rules: rules(for: resource),
                                                      kind: resource.kind, group: resource.group)
        } catch {
            throw apiError(error)
        }
    }

    // MARK: Patches

    static func mergePatch(_ target: JSONValue, patch: JSONValue) throws(APIError) -> JSONValue {
        do { return try JSONMergePatch.apply(patch, to: target) } catch { throw apiError(error) }
    }

    static func strategicMergePatch(_ target: JSONValue, patch: JSONValue, resource: ServedResource, catalog: ResourceCatalog) throws(APIError) -> JSONValue {
        let (registry, root) = schema(for: resource, catalog: catalog)
        do { return try StrategicMergePatch(registry: registry, rootTypeName: root).apply(patch, to: target) } catch { throw apiError(error) }
    }

    static func jsonPatch(_ target: JSONValue, operations: JSONValue) throws(APIError) -> JSONValue {
        do { return try JSONPatch.apply(operations, to: target) } catch { throw apiError(error) }
    }

    /// Server-side apply: the merged object with managedFields, or nil when the apply changes nothing.
    static func apply(current: JSONValue?, applied: JSONValue, manager: String, force: Bool, subresource: String?, resource: ServedResource, catalog: ResourceCatalog, now: Date) throws(APIError) -> JSONValue? {
        do {
            let outcome = try fieldManager(for: resource, catalog: catalog).apply(
                live: current, configuration: applied, manager: manager, force: force, subresource: subresource,
                reset: FieldManager.resetFields(subresource: subresource, hasStatusSubresource: resource.subresources.contains("status")),
                now: Timestamps.seconds(now))
            if outcome.isNoOp { return Optional<JSONValue>.none }
            return outcome.object
        } catch {
            throw apiError(error)
        }
    }

    // MARK: Field validation

    /// Dotted paths of fields the type's schema does not declare (`metadata.bogus`, `spec`).
    static func unknownFields(in object: JSONValue, resource: ServedResource, catalog: ResourceCatalog) -> [String] {
        if resource.isCustom {
            guard let custom = catalog.customSchema(for: resource) else { return [] }
            var copy = object
            return custom.schema.prune(&copy)
        }
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

    /// Drops the unknown fields: custom resources by their schema's pruning, built-ins by path.
    static func pruneUnknownFields(_ object: JSONValue, paths: [String], resource: ServedResource, catalog: ResourceCatalog) -> JSONValue {
        var pruned = object
        if resource.isCustom {
            catalog.customSchema(for: resource)?.schema.prune(&pruned)
            return pruned
        }
        for path in paths where !path.contains("[") {
            pruned.setValue(nil, at: path.split(separator: ".").map(String.init))
        }
        return pruned
    }

    // MARK: Custom resources and definitions

    /// Schema validation (OpenAPI, /scale paths, list types, CEL) of a custom resource, and CRD validation.
    static func validate(_ object: JSONValue, old: JSONValue?, resource: ServedResource, catalog: ResourceCatalog) throws(APIError) {
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        if resource.isCustom, let custom = catalog.customSchema(for: resource) {
            let errors = custom.schema.validate(object: object, old: old)
            if !errors.isEmpty { throw apiError(status: custom.schema.invalidStatus(name: name, errors: errors)) }
        }
        if resource.storageKey == "apiextensions.k8s.io/customresourcedefinitions" {
            guard let crd = decodeDefinition(object) else { return }
            let errors = CustomResourceDefinitionValidator.validate(crd: crd, old: old.flatMap(decodeDefinition))
            if !errors.isEmpty {
                throw apiError(status: InvalidStatus.make(kind: resource.kind, group: resource.group, name: name, errors: errors))
            }
        }
    }

    static func defaultCustomResource(_ object: JSONValue, resource: ServedResource, catalog: ResourceCatalog) -> JSONValue {
        guard resource.isCustom, let custom = catalog.customSchema(for: resource) else { return object }
        return custom.schema.applyDefaults(to: object)
    }

    static func decodeDefinition(_ object: JSONValue) -> ApiextensionsV1.CustomResourceDefinition? {
        try? JSONDecoder().decode(ApiextensionsV1.CustomResourceDefinition.self, from: Data(JSONCodec.serialize(object)))
    }

    static func apiError(status: Status) -> APIError {
        let details = (try? JSONEncoder().encode(status.details)).flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }
        return APIError(code: status.code ?? 422, reason: status.reason, message: status.message ?? "", details: details)
    }

    /// The Table for custom resources (their printer columns); nil for built-ins (generic columns).
    static func customTable(for objects: [JSONValue], resource: ServedResource, catalog: ResourceCatalog, listMetadata: JSONValue) -> JSONValue? {
        guard resource.isCustom, let custom = catalog.customSchema(for: resource) else { return nil }
        return custom.schema.table(for: objects, listMetadata: listMetadata, now: Time(secondsSinceEpoch: Int64(Date().timeIntervalSince1970)))
    }
}

/// A served custom resource version's schema, with the merged registry server-side apply needs.
struct CustomResourceSchemaBundle: Sendable {
    var schema: CustomResourceSchema
    var registry: SchemaRegistry
    var rootName: String
}

extension ResourceCatalog {
    func customSchema(for resource: ServedResource) -> CustomResourceSchemaBundle? {
        customSchemas["\(resource.group)/\(resource.version)/\(resource.plural)"]
    }
}
