import KubernetesCore
import KubernetesModels

/// How one node of an object merges under server-side apply, resolved from a `SchemaRegistry`.
enum MergeNode: Sendable {
    /// A scalar: one leaf.
    case scalar
    /// Replaced and owned as a whole: untyped JSON, or a struct/map/list declared atomic.
    case atomic
    /// A granular struct with declared fields.
    case structure(TypeSchema)
    /// A granular `map[string]T`; a nil element shape means "deduce from the value".
    case map(FieldShape?)
    /// A `set` or `map` list (atomic lists resolve to `.atomic`).
    case list(FieldShape?, ListType, keys: [String])
    /// No schema: objects are granular maps, lists atomic, everything else scalar.
    case deduced

    /// The node a deduced value stands for.
    func concrete(for value: JSONValue?) -> MergeNode {
        guard case .deduced = self else { return self }
        switch value {
        case .object?: return .map(nil)
        case .array?: return .atomic
        default: return .scalar
        }
    }

    var isLeaf: Bool {
        switch self {
        case .scalar, .atomic: return true
        default: return false
        }
    }
}

/// Resolves field shapes against a registry; knows the apimachinery fields every root has.
struct SchemaResolver: Sendable {
    let registry: SchemaRegistry

    /// Adds the `MetaV1.*` schemas of the built-in registry when `registry` lacks them (custom resources).
    init(registry: SchemaRegistry) {
        var registry = registry
        if registry.types["MetaV1.ObjectMeta"] == nil {
            for (name, schema) in KubernetesSchemas.builtIn.types where name.hasPrefix("MetaV1.") {
                registry.types[name] = schema
            }
        }
        self.registry = registry
    }

    /// The root node of a kind; `.deduced` when the root is unknown.
    func root(named typeName: String?) -> MergeNode {
        guard let typeName, var schema = registry.types[typeName] else { return .deduced }
        if schema.fields["apiVersion"] == nil { schema.fields["apiVersion"] = FieldSchema(shape: .scalar(.string)) }
        if schema.fields["kind"] == nil { schema.fields["kind"] = FieldSchema(shape: .scalar(.string)) }
        if schema.fields["metadata"] == nil { schema.fields["metadata"] = FieldSchema(shape: .object("MetaV1.ObjectMeta")) }
        return schema.isAtomic ? .atomic : .structure(schema)
    }

    func node(for shape: FieldShape?) -> MergeNode {
        guard let shape else { return .deduced }
        switch shape {
        case .scalar: return .scalar
        case .untyped: return .atomic
        case .object(let name, let mapType):
            if mapType == .atomic { return .atomic }
            guard let schema = registry.types[name] else { return .deduced }
            return schema.isAtomic ? .atomic : .structure(schema)
        case .array(let element, let listType, let keys):
            switch listType {
            case .set?: return .list(element, .set, keys: [])
            case .map?: return .list(element, .map, keys: keys)
            case .atomic?, nil: return .atomic
            }
        case .map(let element, let mapType):
            return mapType == .atomic ? .atomic : .map(element)
        }
    }

    /// The node of member `key` of an object node, and whether `key` is a declared struct field;
    /// nil when a struct does not declare `key`.
    func child(of node: MergeNode, key: String) -> (node: MergeNode, isNamedField: Bool)? {
        switch node {
        case .structure(let schema):
            guard let field = schema.fields[key] else { return nil }
            return (self.node(for: field.shape), true)
        case .map(let element):
            return (self.node(for: element), false)
        default:
            return (.deduced, false)
        }
    }

    /// The node of the elements of a list node.
    func element(of node: MergeNode) -> MergeNode {
        if case .list(let element, _, _) = node { return self.node(for: element) }
        return .deduced
    }
}
