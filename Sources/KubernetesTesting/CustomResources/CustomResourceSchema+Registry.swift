import KubernetesCore

extension CustomResourceSchema {
    /// The version's schema as server-side-apply metadata: the root type registered under the custom resource's
    /// GroupVersionKind, one `TypeSchema` per object node (named `<group>/<version>.<Kind>` plus the field path,
    /// e.g. `example.dev/v1alpha1.KafkaCluster.spec.storage`), honouring `x-kubernetes-list-type`,
    /// `x-kubernetes-list-map-keys`, `x-kubernetes-map-type`, preserve-unknown-fields (untyped) and
    /// int-or-string. `metadata` refers to `MetaV1.ObjectMeta`, which the built-in registry provides.
    public var registry: SchemaRegistry {
        let rootName = "\(group)/\(version).\(kind)"
        var types: [String: TypeSchema] = [:]
        var rootFields: [String: FieldSchema] = [:]
        var rootMapType: MapType?
        if let root {
            if case .object(_, _) = Self.shape(of: root, name: rootName, types: &types),
               let built = types[rootName]
            {
                rootFields = built.fields
                rootMapType = built.mapType
            }
        }
        rootFields["apiVersion"] = FieldSchema(shape: .scalar(.string))
        rootFields["kind"] = FieldSchema(shape: .scalar(.string))
        rootFields["metadata"] = FieldSchema(shape: .object("MetaV1.ObjectMeta"))
        types[rootName] = TypeSchema(name: rootName, mapType: rootMapType, fields: rootFields)
        return SchemaRegistry(
            types: types, roots: [GroupVersionKind(group: group, version: version, kind: kind): rootName])
    }

    private static func shape(of node: SchemaNode, name: String, types: inout [String: TypeSchema]) -> FieldShape {
        if node.intOrString { return .scalar(.intOrString) }
        switch node.type {
        case "string": return .scalar(.string)
        case "integer": return .scalar(.integer)
        case "number": return .scalar(.number)
        case "boolean": return .scalar(.boolean)
        case "array":
            guard let items = node.items else { return .untyped }
            let listType = node.listType.flatMap(ListType.init(rawValue:))
            return .array(shape(of: items, name: name, types: &types), listType: listType, mapKeys: node.listMapKeys)
        case "object":
            let mapType = node.mapType.flatMap(MapType.init(rawValue:))
            if node.properties.isEmpty {
                if let values = node.additionalPropertiesSchema {
                    return .map(shape(of: values, name: name, types: &types), mapType: mapType)
                }
                if node.preserveUnknownFields || node.embeddedResource { return .untyped }
            }
            var fields: [String: FieldSchema] = [:]
            for property in node.propertyNames {
                guard let child = node.properties[property] else { continue }
                fields[property] = FieldSchema(
                    shape: shape(of: child, name: "\(name).\(property)", types: &types),
                    isRequired: node.required.contains(property))
            }
            types[name] = TypeSchema(name: name, mapType: mapType, fields: fields)
            return .object(name, mapType: mapType)
        default:
            return .untyped
        }
    }
}
