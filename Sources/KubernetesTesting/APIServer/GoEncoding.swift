import KubernetesCore
import KubernetesModels

/// How a built-in object looks after the real server decodes it into its Go type and encodes it
/// again: `null` fields vanish, and empty maps and lists (all `omitempty` in the API types) too —
/// a ConfigMap created with `data: {}` comes back without `data`. Structs stay, even empty.
enum GoEncoding {
    static func normalize(_ object: JSONValue, resource: ServedResource) -> JSONValue {
        guard !resource.isCustom else { return object }
        let registry = KubernetesSchemas.builtIn
        guard let root = registry.rootSchema(for: GroupVersionKind(group: resource.group, version: resource.version, kind: resource.kind)) else { return object }
        return normalize(object, schema: root, registry: registry)
    }

    static func normalize(_ value: JSONValue, schema: TypeSchema, registry: SchemaRegistry) -> JSONValue {
        guard case .object(let members) = value else { return value }
        var result: [String: JSONValue] = [:]
        for (key, child) in members {
            guard let field = schema.fields[key] else { result[key] = child; continue }
            if let normalized = normalize(child, shape: field.shape, registry: registry) { result[key] = normalized }
        }
        for key in nonPointerTimeFields[schema.name] ?? [] where result[key] == nil { result[key] = .null }
        return .object(result)
    }

    /// Condition and state times declared as `metav1.Time`, not `*metav1.Time`: Go encodes the zero value
    /// as `null` (omitempty does not apply to structs), so `lastProbeTime: null` is in every Pod condition
    /// and owned in managedFields. The OpenAPI documents do not tell pointers from values, hence this list
    /// (ObjectMeta.creationTimestamp is one too, but it is always set where it matters).
    static let nonPointerTimeFields: [String: [String]] = [
        "CoreV1.PodCondition": ["lastProbeTime", "lastTransitionTime"],
        "CoreV1.NodeCondition": ["lastHeartbeatTime", "lastTransitionTime"],
        "CoreV1.PersistentVolumeClaimCondition": ["lastProbeTime", "lastTransitionTime"],
        "CoreV1.NamespaceCondition": ["lastTransitionTime"],
        "CoreV1.ContainerStateRunning": ["startedAt"],
        "CoreV1.ContainerStateTerminated": ["startedAt", "finishedAt"],
        "AppsV1.DeploymentCondition": ["lastUpdateTime", "lastTransitionTime"],
        "AppsV1.StatefulSetCondition": ["lastTransitionTime"],
        "BatchV1.JobCondition": ["lastProbeTime", "lastTransitionTime"],
        "MetaV1.Condition": ["lastTransitionTime"],
    ]

    /// nil when the field is omitted from the encoding.
    static func normalize(_ value: JSONValue, shape: FieldShape, registry: SchemaRegistry) -> JSONValue? {
        if value == .null { return nil }
        switch shape {
        case .object(let name, _):
            guard let schema = registry.schema(named: name) else { return value }
            return normalize(value, schema: schema, registry: registry)
        case .array(let element, _, _):
            guard let items = value.arrayValue else { return value }
            if items.isEmpty { return nil }
            return .array(items.map { normalize($0, shape: element, registry: registry) ?? .null })
        case .map(let element, _):
            guard let members = value.objectValue else { return value }
            if members.isEmpty { return nil }
            return .object(members.compactMapValues { normalize($0, shape: element, registry: registry) })
        case .scalar, .untyped:
            return value
        }
    }
}
