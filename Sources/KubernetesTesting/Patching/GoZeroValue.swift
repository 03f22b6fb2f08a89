import KubernetesCore

/// The Go zero value of a built-in type as the API server serializes it: what a create is compared
/// against when managedFields are recorded.
///
/// It decides where `.` entries appear: a non-pointer struct (`{}` in the zero value) is not "added" by a
/// create, so `f:spec` or a PVC's `f:resources` carry no `.` entry; a required list, map or pointer
/// (`null` in the zero value, e.g. a Pod's `containers`) is not added either, only its items are; an
/// optional one is absent from the zero value, so the create adds it (`f:volumes: {".": {}, ...}`).
enum GoZeroValue {
    /// The zero value of `typeName` in `registry`; `{}` for a type the registry does not know.
    static func of(_ typeName: String?, in registry: SchemaRegistry) -> JSONValue {
        guard let typeName, let schema = registry.types[typeName] else { return .object([:]) }
        let structs = structFields[typeName] ?? []
        var members: [String: JSONValue] = [:]
        for (name, field) in schema.fields {
            if structs.contains(name), case .object(let fieldType, _) = field.shape {
                members[name] = of(fieldType, in: registry)
            } else if field.isRequired {
                switch field.shape {
                case .array, .map, .object, .untyped: members[name] = .null
                case .scalar: break
                }
            }
        }
        return .object(members)
    }
}

extension GoZeroValue {
    /// `value` as the real server sees it after decoding into the Go type: every non-pointer struct field
    /// of every struct present is there, `{}` at least. Updates compare old and new objects in this shape,
    /// so a controller that sets `status.acceptedNames` of a CRD modifies a present struct (no `.` entry)
    /// instead of adding one.
    static func filled(_ value: JSONValue, typeName: String?, in registry: SchemaRegistry) -> JSONValue {
        guard let typeName, let schema = registry.types[typeName], case .object(var members) = value else { return value }
        let structs = structFields[typeName] ?? []
        for (name, field) in schema.fields {
            if let present = members[name] {
                members[name] = filled(present, shape: field.shape, in: registry)
            } else if structs.contains(name), case .object(let fieldType, _) = field.shape {
                members[name] = filled(.object([:]), typeName: fieldType, in: registry)
            }
        }
        return .object(members)
    }

    private static func filled(_ value: JSONValue, shape: FieldShape, in registry: SchemaRegistry) -> JSONValue {
        switch (shape, value) {
        case (.object(let typeName, _), .object):
            return filled(value, typeName: typeName, in: registry)
        case (.array(let element, _, _), .array(let items)):
            return .array(items.map { filled($0, shape: element, in: registry) })
        case (.map(let element, _), .object(let members)):
            return .object(members.mapValues { filled($0, shape: element, in: registry) })
        default:
            return value
        }
    }
}
