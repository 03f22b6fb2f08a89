import KubernetesCore

/// Visits every value of an object together with its schema node and field path (`spec.items[0].name`),
/// parents before children: the traversal the post-validation checks share.
enum SchemaTreeWalk {
    static func forEach(_ value: JSONValue, _ node: SchemaNode, path: String = "",
                        _ body: (JSONValue, SchemaNode, String) -> Void)
    {
        body(value, node, path)
        switch value {
        case .object(let members):
            for key in members.keys.sorted() {
                guard let member = members[key], let child = node.properties[key] ?? node.additionalPropertiesSchema else { continue }
                forEach(member, child, path: path.isEmpty ? key : "\(path).\(key)", body)
            }
        case .array(let elements):
            guard let items = node.items else { return }
            for (index, element) in elements.enumerated() {
                forEach(element, items, path: "\(path)[\(index)]", body)
            }
        default:
            return
        }
    }
}
