/// Walks the schemas from the allowlisted roots and builds the Swift model of everything they reference.
struct ModelBuilder {
    let documents: OpenAPIDocuments
    let roots: [String]

    func build() throws -> GeneratedModel {
        var pending = roots
        var visited: Set<String> = []
        var types: [String: TypeModel] = [:]
        while let name = pending.popLast() {
            guard visited.insert(name).inserted else { continue }
            guard let schema = documents.schemas[name] else {
                throw GeneratorError("schema \(name) is not in any OpenAPI document; fix Allowlist.roots or the mapping")
            }
            var references: [String] = []
            let type = try buildType(name: name, schema: schema, references: &references)
            types[type.qualifiedName] = type
            pending.append(contentsOf: references.filter { !visited.contains($0) })
        }
        var sorted = types.values.sorted { $0.qualifiedName < $1.qualifiedName }
        markIndirectFields(&sorted)
        return GeneratedModel(types: sorted)
    }

    private func buildType(name: String, schema: SchemaNode, references: inout [String]) throws -> TypeModel {
        let emitsSwift: Bool
        switch TypeMapping.of(name) {
        case .generated: emitsSwift = true
        case .coreStruct: emitsSwift = false
        default: throw GeneratorError("\(name) is mapped to a non-struct type and cannot be generated")
        }
        let required = Set(schema.required ?? [])
        var fields: [FieldModel] = []
        for (jsonName, property) in (schema.properties ?? [:]).sorted(by: { $0.key < $1.key }) {
            let resolved = try resolve(property, context: "\(name).\(jsonName)", references: &references)
            let isRequired = required.contains(jsonName)
            let nullable = Allowlist.nullableRequiredFields.contains("\(name).\(jsonName)")
            fields.append(FieldModel(
                jsonName: jsonName,
                swiftName: Naming.propertyName(jsonName),
                swiftType: resolved.swiftType,
                isOptional: !isRequired || nullable,
                isRequired: isRequired,
                isIndirect: false,
                doc: Naming.firstSentence(property.description),
                shape: resolved.shape,
                patchStrategy: property.patchStrategy,
                patchMergeKey: property.patchMergeKey,
                directReference: resolved.directReference))
        }
        var type = TypeModel(
            openAPIName: name,
            namespace: TypeMapping.namespace(of: name),
            name: TypeMapping.shortName(name),
            doc: Naming.firstSentence(schema.description),
            fields: fields,
            mapType: schema.mapType,
            kind: nil,
            emitsSwift: emitsSwift)
        if emitsSwift, let gvk = preferredKind(of: schema, namespace: type.namespace) {
            let hasObjectMeta = schema.properties?["metadata"]?.referencedName == TypeMapping.meta + "ObjectMeta"
            type.kind = KindModel(gvk: gvk, hasObjectMeta: hasObjectMeta, resource: hasObjectMeta ? resource(of: gvk) : nil)
            if hasObjectMeta { type = normalizeResourceRoot(type) }
        }
        return type
    }

    /// Meta kinds list one group-version-kind per API group; the core one (`v1`) is the one clients send.
    private func preferredKind(of schema: SchemaNode, namespace: String) -> OpenAPIGroupVersionKind? {
        guard let kinds = schema.groupVersionKinds, !kinds.isEmpty else { return nil }
        return kinds.first { $0.group.isEmpty } ?? kinds.sorted().first
    }

    /// Resource roots: `apiVersion`, `kind` and `metadata` always present; `spec`/`status` optional as the
    /// `HasSpec`/`HasStatus` protocols declare them.
    private func normalizeResourceRoot(_ type: TypeModel) -> TypeModel {
        var type = type
        let leading = ["apiVersion", "kind", "metadata"]
        for index in type.fields.indices {
            let name = type.fields[index].jsonName
            if leading.contains(name) { type.fields[index].isOptional = false }
            if name == "spec" || name == "status" { type.fields[index].isOptional = true }
        }
        type.fields.sort { lhs, rhs in
            let left = leading.firstIndex(of: lhs.jsonName) ?? leading.count
            let right = leading.firstIndex(of: rhs.jsonName) ?? leading.count
            return left != right ? left < right : lhs.jsonName < rhs.jsonName
        }
        return type
    }

    private func resource(of gvk: OpenAPIGroupVersionKind) -> ResourceModel? {
        let prefix = gvk.group.isEmpty ? "/api/\(gvk.version)/" : "/apis/\(gvk.group)/\(gvk.version)/"
        var clusterPlural: String?
        var namespacedPlural: String?
        var collectionPath: String?
        for path in (documents.resourcePaths[gvk] ?? []).sorted() where path.hasPrefix(prefix) {
            let segments = path.dropFirst(prefix.count).split(separator: "/").map(String.init)
            if segments.count >= 3, segments[0] == "namespaces", segments[1] == "{namespace}",
                segments.count <= 4, segments.count == 3 || segments[3] == "{name}"
            {
                namespacedPlural = segments[2]
                collectionPath = prefix + segments[0...2].joined(separator: "/")
            } else if segments.count == 1 || (segments.count == 2 && segments[1] == "{name}") {
                clusterPlural = segments[0]
                if collectionPath == nil { collectionPath = prefix + segments[0] }
            }
        }
        guard let plural = namespacedPlural ?? clusterPlural, let collectionPath else { return nil }
        let itemPrefix = collectionPath + "/{name}/"
        let subresources = documents.allPaths
            .filter { $0.hasPrefix(itemPrefix) }
            .map { String($0.dropFirst(itemPrefix.count)) }
            .filter { !$0.contains("/") }
        return ResourceModel(plural: plural, namespaced: namespacedPlural != nil, subresources: Set(subresources).sorted())
    }

    private struct Resolved {
        var swiftType: String
        var shape: ShapeModel
        var directReference: String?
    }

    private func resolve(_ schema: SchemaNode, context: String, references: inout [String]) throws -> Resolved {
        if let target = schema.referencedName {
            switch TypeMapping.of(target) {
            case .coreStruct(let swiftName):
                references.append(target)
                return Resolved(swiftType: swiftName, shape: .object(TypeMapping.qualifiedName(of: target), mapType: schema.mapType))
            case .coreScalar(let swiftName, let scalar):
                return Resolved(swiftType: swiftName, shape: .scalar(scalar))
            case .untyped:
                return Resolved(swiftType: "JSONValue", shape: .untyped)
            case .handWritten(let swiftName):
                return Resolved(swiftType: swiftName, shape: .untyped)
            case .generated:
                references.append(target)
                let qualified = TypeMapping.qualifiedName(of: target)
                return Resolved(swiftType: qualified, shape: .object(qualified, mapType: schema.mapType), directReference: qualified)
            }
        }
        switch schema.type {
        case "array":
            guard let items = schema.items else { throw GeneratorError("\(context): array without items") }
            let element = try resolve(items, context: context + "[]", references: &references)
            return Resolved(
                swiftType: "[\(element.swiftType)]",
                shape: .array(element.shape, listType: schema.listType, mapKeys: schema.listMapKeys ?? []))
        case "object":
            guard let values = schema.additionalProperties else {
                return Resolved(swiftType: "JSONValue", shape: .untyped)
            }
            let value = try resolve(values, context: context + "{}", references: &references)
            return Resolved(swiftType: "[String: \(value.swiftType)]", shape: .map(value.shape, mapType: schema.mapType))
        case "string":
            return Resolved(swiftType: "String", shape: .scalar("string"))
        case "integer":
            return Resolved(swiftType: schema.format == "int32" ? "Int32" : "Int64", shape: .scalar("integer"))
        case "number":
            return Resolved(swiftType: "Double", shape: .scalar("number"))
        case "boolean":
            return Resolved(swiftType: "Bool", shape: .scalar("boolean"))
        case nil:
            return Resolved(swiftType: "JSONValue", shape: .untyped)
        case let other?:
            throw GeneratorError("\(context): unsupported schema type '\(other)'")
        }
    }

    /// Marks fields that close a cycle of direct (non-collection) struct references, so that the struct
    /// stores them indirectly and has a finite size.
    private func markIndirectFields(_ types: inout [TypeModel]) {
        var edges: [String: [String]] = [:]
        for type in types {
            edges[type.qualifiedName] = type.fields.compactMap(\.directReference)
        }
        func reaches(_ start: String, _ goal: String) -> Bool {
            var stack = [start]
            var seen: Set<String> = []
            while let node = stack.popLast() {
                if node == goal { return true }
                guard seen.insert(node).inserted else { continue }
                stack.append(contentsOf: edges[node] ?? [])
            }
            return false
        }
        for typeIndex in types.indices {
            let owner = types[typeIndex].qualifiedName
            for fieldIndex in types[typeIndex].fields.indices {
                guard let target = types[typeIndex].fields[fieldIndex].directReference else { continue }
                if reaches(target, owner) {
                    types[typeIndex].fields[fieldIndex].isIndirect = true
                    types[typeIndex].fields[fieldIndex].isOptional = true
                }
            }
        }
    }
}
