import KubernetesCore

/// `x-kubernetes-embedded-resource` objects must carry `apiVersion` and `kind` (strings), like the API server's
/// embedded ObjectMeta validation.
enum EmbeddedResourceCheck {
    static func errors(_ value: JSONValue, schema: SchemaNode) -> [SchemaFieldError] {
        var errors: [SchemaFieldError] = []
        SchemaTreeWalk.forEach(value, schema) { value, node, path in
            guard node.embeddedResource, case .object(let members) = value else { return }
            for key in ["apiVersion", "kind"] {
                let field = path.isEmpty ? key : "\(path).\(key)"
                switch members[key] {
                case nil, .null?, .string("")?:
                    errors.append(SchemaFieldError(.required, field: field, detail: "must not be empty"))
                case .string?:
                    break
                case let other?:
                    errors.append(SchemaFieldError(.invalid, field: field, badValue: .value(other), detail: "must be a string"))
                }
            }
        }
        return errors
    }
}
