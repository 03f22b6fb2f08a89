/// One OpenAPI schema object, with the Kubernetes extensions the generator and the API server care about.
final class SchemaNode: Decodable, Sendable {
    let ref: String?
    let type: String?
    let format: String?
    let description: String?
    let properties: [String: SchemaNode]?
    let required: [String]?
    let items: SchemaNode?
    let additionalProperties: SchemaNode?
    let allOf: [SchemaNode]?
    let oneOf: [SchemaNode]?
    let groupVersionKinds: [OpenAPIGroupVersionKind]?
    let listType: String?
    let listMapKeys: [String]?
    let mapType: String?
    let patchStrategy: String?
    let patchMergeKey: String?

    enum CodingKeys: String, CodingKey {
        case ref = "$ref"
        case type, format, description, properties, required, items, additionalProperties, allOf, oneOf
        case groupVersionKinds = "x-kubernetes-group-version-kind"
        case listType = "x-kubernetes-list-type"
        case listMapKeys = "x-kubernetes-list-map-keys"
        case mapType = "x-kubernetes-map-type"
        case patchStrategy = "x-kubernetes-patch-strategy"
        case patchMergeKey = "x-kubernetes-patch-merge-key"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ref = try container.decodeIfPresent(String.self, forKey: .ref)
        type = try container.decodeIfPresent(String.self, forKey: .type)
        format = try container.decodeIfPresent(String.self, forKey: .format)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        properties = try container.decodeIfPresent([String: SchemaNode].self, forKey: .properties)
        required = try container.decodeIfPresent([String].self, forKey: .required)
        items = try container.decodeIfPresent(SchemaNode.self, forKey: .items)
        // `additionalProperties` may also be a boolean in OpenAPI; only schemas matter here.
        additionalProperties = try? container.decodeIfPresent(SchemaNode.self, forKey: .additionalProperties)
        allOf = try container.decodeIfPresent([SchemaNode].self, forKey: .allOf)
        oneOf = try container.decodeIfPresent([SchemaNode].self, forKey: .oneOf)
        groupVersionKinds = try container.decodeIfPresent([OpenAPIGroupVersionKind].self, forKey: .groupVersionKinds)
        listType = try container.decodeIfPresent(String.self, forKey: .listType)
        listMapKeys = try container.decodeIfPresent([String].self, forKey: .listMapKeys)
        mapType = try container.decodeIfPresent(String.self, forKey: .mapType)
        patchStrategy = try container.decodeIfPresent(String.self, forKey: .patchStrategy)
        patchMergeKey = try container.decodeIfPresent(String.self, forKey: .patchMergeKey)
    }

    /// The referenced schema name of `$ref` or of a single-element `allOf: [{$ref}]`.
    var referencedName: String? {
        if let ref { return ref.components(separatedBy: "/").last }
        if let allOf, allOf.count == 1 { return allOf[0].referencedName }
        return nil
    }
}
