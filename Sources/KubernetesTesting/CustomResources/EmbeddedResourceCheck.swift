import KubernetesCore

/// `x-kubernetes-embedded-resource` objects must carry `apiVersion` and `kind` (strings), like the API server's
/// embedded ObjectMeta validation.
enum EmbeddedResourceCheck {
    static func errors(_ value: JSONValue, schema: SchemaNode) -> [SchemaFieldError] {
        var errors: [SchemaFieldError] = []
        visit(value, schema, path: "", errors: &errors)
        return errors
    }

    private static func visit(_ value: JSONValue, _ node: SchemaNode, path: String, errors: inout [SchemaFieldError]) {
        switch value {
        case .object(let members):
            if node.embeddedResource {
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
            for key in members.keys.sorted() {
                guard let member = members[key], let child = node.properties[key] ?? node.additionalPropertiesSchema else { continue }
                visit(member, child, path: path.isEmpty ? key : "\(path).\(key)", errors: &errors)
            }
        case .array(let elements):
            guard let items = node.items else { return }
            for (index, element) in elements.enumerated() {
                visit(element, items, path: "\(path)[\(index)]", errors: &errors)
            }
        default:
            return
        }
    }
}
