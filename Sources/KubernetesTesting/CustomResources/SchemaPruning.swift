import KubernetesCore

/// Structural pruning: drops the fields a schema does not declare (unless `x-kubernetes-preserve-unknown-fields`
/// keeps them) and reports their paths, as the API server does when it decodes a custom resource.
enum SchemaPruning {
    /// Prunes `value` (a whole object when `isRoot`) and returns the dropped fields' paths (`spec.colour`,
    /// `spec.items[0].x`), sorted.
    static func prune(_ value: inout JSONValue, _ node: SchemaNode, isRoot: Bool) -> [String] {
        var pruned: [String] = []
        prune(&value, node, path: "", keepObjectMeta: isRoot, pruned: &pruned)
        return pruned.sorted()
    }

    /// The fields of `metav1.ObjectMeta`: anything else under `metadata` is unknown and dropped.
    static let objectMetaFields: Set<String> = [
        "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
        "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers",
        "managedFields",
    ]

    private static func prune(
        _ value: inout JSONValue, _ node: SchemaNode, path: String, keepObjectMeta: Bool, pruned: inout [String]
    ) {
        switch value {
        case .object(var members):
            for key in members.keys.sorted() {
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if (keepObjectMeta || node.embeddedResource) && ["apiVersion", "kind", "metadata"].contains(key) {
                    if key == "metadata", case .object(var metadata)? = members[key] {
                        for field in metadata.keys.sorted() where !objectMetaFields.contains(field) {
                            metadata[field] = nil
                            pruned.append("\(childPath).\(field)")
                        }
                        members[key] = .object(metadata)
                    } else if let child = node.properties[key], var member = members[key], key != "metadata" {
                        prune(&member, child, path: childPath, keepObjectMeta: false, pruned: &pruned)
                        members[key] = member
                    }
                    continue
                }
                if let child = node.properties[key] ?? node.additionalPropertiesSchema {
                    if var member = members[key] {
                        prune(&member, child, path: childPath, keepObjectMeta: child.embeddedResource, pruned: &pruned)
                        members[key] = member
                    }
                } else if !node.preserveUnknownFields && !allowsAnyProperty(node) {
                    members[key] = nil
                    pruned.append(childPath)
                }
            }
            value = .object(members)
        case .array(var elements):
            guard let items = node.items else { return }
            for index in elements.indices {
                prune(&elements[index], items, path: "\(path)[\(index)]", keepObjectMeta: items.embeddedResource,
                      pruned: &pruned)
            }
            value = .array(elements)
        default:
            return
        }
    }

    /// `additionalProperties: true` keeps every key (only allowed together with preserve-unknown-fields).
    private static func allowsAnyProperty(_ node: SchemaNode) -> Bool {
        if case .allowed(true) = node.additionalProperties { return true }
        return false
    }
}

/// Structural defaulting: fills absent (or null, non-nullable) fields from `default`, parents before children,
/// so that a defaulted object gets its own nested defaults too; then drops remaining nulls the schema does not
/// allow. The same algorithm, in the same order, as the API server.
enum SchemaDefaulting {
    static func apply(_ value: inout JSONValue, _ node: SchemaNode) {
        switch value {
        case .object(var members):
            for name in node.propertyNames {
                guard let child = node.properties[name], let defaultValue = child.defaultValue else { continue }
                if members[name] == nil || isNonNullableNull(members[name], child) {
                    members[name] = defaultValue
                }
            }
            for key in members.keys.sorted() {
                guard var member = members[key] else { continue }
                if let child = node.properties[key] {
                    apply(&member, child)
                } else if let valueSchema = node.additionalPropertiesSchema {
                    if isNonNullableNull(member, valueSchema), let defaultValue = valueSchema.defaultValue {
                        member = defaultValue
                    }
                    apply(&member, valueSchema)
                }
                members[key] = member
            }
            for key in members.keys.sorted() where members[key] == .null {
                let child = node.properties[key] ?? node.additionalPropertiesSchema
                if let child, !child.nullable, child.defaultValue == nil { members[key] = nil }
            }
            value = .object(members)
        case .array(var elements):
            guard let items = node.items else { return }
            for index in elements.indices {
                if isNonNullableNull(elements[index], items), let defaultValue = items.defaultValue {
                    elements[index] = defaultValue
                }
                apply(&elements[index], items)
            }
            value = .array(elements)
        default:
            return
        }
    }

    private static func isNonNullableNull(_ value: JSONValue?, _ node: SchemaNode) -> Bool {
        value == .null && !node.nullable
    }
}
