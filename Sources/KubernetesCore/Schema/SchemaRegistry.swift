/// Type schemas by name, and the root type of each kind: what an API server needs to merge patches and
/// applies of any kind it serves.
public struct SchemaRegistry: Sendable {
    /// Schemas by registry name (`CoreV1.Pod`).
    public var types: [String: TypeSchema]
    /// The root type's registry name of each kind.
    public var roots: [GroupVersionKind: String]

    public init(types: [String: TypeSchema] = [:], roots: [GroupVersionKind: String] = [:]) {
        self.types = types
        self.roots = roots
    }

    public func schema(named name: String) -> TypeSchema? { types[name] }

    /// The root schema of a kind, e.g. `CoreV1.Pod` for `v1 Pod`.
    public func rootSchema(for kind: GroupVersionKind) -> TypeSchema? {
        roots[kind].flatMap { types[$0] }
    }

    /// The schema of the struct a field holds (through arrays and maps), if it holds one.
    public func schema(of field: FieldSchema) -> TypeSchema? {
        var shape = field.shape
        while true {
            switch shape {
            case .object(let name, _): return types[name]
            case .array(let element, _, _): shape = element
            case .map(let value, _): shape = value
            case .scalar, .untyped: return nil
            }
        }
    }

    /// Adds (or replaces) the schemas and roots of another registry, e.g. custom resources' schemas.
    public mutating func merge(_ other: SchemaRegistry) {
        types.merge(other.types) { _, new in new }
        roots.merge(other.roots) { _, new in new }
    }
}
