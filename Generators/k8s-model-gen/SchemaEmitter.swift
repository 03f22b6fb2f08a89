/// Renders the schema registry entries (`TypeSchema`) of one group-version.
struct SchemaEmitter {
    let namespace: String
    let types: [TypeModel]

    static func functionName(_ namespace: String) -> String { "register\(namespace)" }

    func render() -> [String] {
        var lines = [
            "extension KubernetesSchemas {",
            "    static func \(Self.functionName(namespace))(into types: inout [String: TypeSchema]) {",
        ]
        for type in types {
            lines.append("        types[\"\(type.qualifiedName)\"] = TypeSchema(")
            lines.append("            name: \"\(type.qualifiedName)\",")
            if let mapType = type.mapType { lines.append("            mapType: .\(mapType),") }
            if type.fields.isEmpty {
                lines.append("            fields: [:]")
            } else {
                lines.append("            fields: [")
                for field in type.fields {
                    lines.append("                \"\(field.jsonName)\": \(fieldSchema(field)),")
                }
                lines.append("            ]")
            }
            lines.append("        )")
        }
        lines.append("    }")
        lines.append("}")
        return lines
    }

    private func fieldSchema(_ field: FieldModel) -> String {
        var arguments = ["shape: " + Self.render(field.shape)]
        if let strategy = field.patchStrategy { arguments.append("patchStrategy: \"\(strategy)\"") }
        if let key = field.patchMergeKey { arguments.append("patchMergeKey: \"\(key)\"") }
        if field.isRequired { arguments.append("isRequired: true") }
        return "FieldSchema(\(arguments.joined(separator: ", ")))"
    }

    static func render(_ shape: ShapeModel) -> String {
        switch shape {
        case .scalar(let scalar):
            return ".scalar(.\(scalar))"
        case .object(let name, let mapType):
            return mapType.map { ".object(\"\(name)\", mapType: .\($0))" } ?? ".object(\"\(name)\")"
        case .array(let element, let listType, let mapKeys):
            var arguments = [render(element)]
            if let listType { arguments.append("listType: .\(listType)") }
            if !mapKeys.isEmpty {
                arguments.append("mapKeys: [\(mapKeys.map { "\"\($0)\"" }.joined(separator: ", "))]")
            }
            return ".array(\(arguments.joined(separator: ", ")))"
        case .map(let value, let mapType):
            return mapType.map { ".map(\(render(value)), mapType: .\($0))" } ?? ".map(\(render(value)))"
        case .untyped:
            return ".untyped"
        }
    }
}
