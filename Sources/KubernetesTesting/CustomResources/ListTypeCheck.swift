import KubernetesCore

/// `x-kubernetes-list-type: set` lists hold no duplicates; `map` lists no two elements with the same keys.
enum ListTypeCheck {
    static func errors(_ value: JSONValue, schema: SchemaNode) -> [SchemaFieldError] {
        var errors: [SchemaFieldError] = []
        SchemaTreeWalk.forEach(value, schema) { value, node, path in
            guard case .array(let elements) = value else { return }
            if node.listType == "set" {
                var seen = Set<JSONValue>()
                for (index, element) in elements.enumerated() where !seen.insert(element.normalizedNumber).inserted {
                    errors.append(SchemaFieldError(.duplicate, field: "\(path)[\(index)]", badValue: .value(element)))
                }
            } else if node.listType == "map", !node.listMapKeys.isEmpty {
                var seen = Set<JSONValue>()
                for (index, element) in elements.enumerated() {
                    var key: [String: JSONValue] = [:]
                    for name in node.listMapKeys { key[name] = element[name] ?? node.items?.properties[name]?.defaultValue }
                    if !seen.insert(JSONValue.object(key).normalizedNumber).inserted {
                        errors.append(SchemaFieldError(.duplicate, field: "\(path)[\(index)]", badValue: .value(.object(key))))
                    }
                }
            }
        }
        return errors
    }
}
