import KubernetesCore
import KubernetesModels

/// Finds fields a schema does not know, as the API server's strict field validation does
/// (`kubectl apply` refuses them): a misspelt optional field would otherwise be dropped silently and its
/// default used instead.
enum UnknownFields {
    /// Paths like `spec.listners` with the fields that are known at that level.
    static func find(in value: JSONValue, schema: ApiextensionsV1.JSONSchemaProps, path: String = "") -> [(path: String, known: [String])] {
        if schema.xKubernetesPreserveUnknownFields == true { return [] }
        switch value {
        case .object(let members):
            if let properties = schema.properties {
                var found: [(String, [String])] = []
                for key in members.keys.sorted() {
                    let child = path.isEmpty ? key : "\(path).\(key)"
                    guard let propertySchema = properties[key] else {
                        // metadata is the API server's business: its schema here is a bare object.
                        if !(path.isEmpty && key == "metadata") { found.append((child, properties.keys.sorted())) }
                        continue
                    }
                    if path.isEmpty && key == "metadata" { continue }
                    found += find(in: members[key] ?? .null, schema: propertySchema, path: child)
                }
                return found
            }
            if case .schema(let valueSchema)? = schema.additionalProperties {
                return members.keys.sorted().flatMap { find(in: members[$0] ?? .null, schema: valueSchema, path: "\(path)[\($0)]") }
            }
            return []
        case .array(let items):
            guard case .schema(let itemSchema)? = schema.items else { return [] }
            return items.enumerated().flatMap { find(in: $0.element, schema: itemSchema, path: "\(path)[\($0.offset)]") }
        default:
            return []
        }
    }
}

extension Manifests.Document {
    /// Throws for the first field the resource's CRD schema does not know.
    func checkKnownFields(against crd: ApiextensionsV1.CustomResourceDefinition) throws(ManifestError) {
        guard let schema = crd.spec?.versions.first?.schema?.openAPIV3Schema else { return }
        let value = try decode(JSONValue.self)
        guard let first = UnknownFields.find(in: value, schema: schema).first else { return }
        throw ManifestError(
            document: index, kind: kind, name: name, field: first.path, message: "unknown field",
            fix: "correct the spelling or remove it; known fields here: \(first.known.joined(separator: ", "))")
    }
}
