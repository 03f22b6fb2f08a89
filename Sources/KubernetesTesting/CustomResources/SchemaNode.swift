import KubernetesCore
import KubernetesModels

/// One node of a CRD version's `openAPIV3Schema`, flattened into what validation, pruning, defaulting, CEL and
/// server-side apply need. Built once per CRD version; immutable, so it is shared freely between requests.
public final class SchemaNode: Sendable {
    /// `additionalProperties` of an object node.
    public enum AdditionalProperties: Sendable {
        case unspecified
        case allowed(Bool)
        case schema(SchemaNode)
    }

    public let type: String?
    public let format: String?
    public let nullable: Bool
    public let defaultValue: JSONValue?
    public let enumValues: [JSONValue]?

    public let properties: [String: SchemaNode]
    /// Property names sorted, so that validation reports causes in a stable order.
    public let propertyNames: [String]
    public let additionalProperties: AdditionalProperties
    public let required: [String]
    public let minProperties: Int64?
    public let maxProperties: Int64?

    public let items: SchemaNode?
    public let minItems: Int64?
    public let maxItems: Int64?
    public let uniqueItems: Bool

    public let minLength: Int64?
    public let maxLength: Int64?
    public let pattern: String?
    /// `pattern` compiled once; nil when absent or invalid (CRD validation reports invalid patterns).
    let compiledPattern: CompiledRegex?

    public let minimum: Double?
    public let maximum: Double?
    public let exclusiveMinimum: Bool
    public let exclusiveMaximum: Bool
    public let multipleOf: Double?

    public let preserveUnknownFields: Bool
    public let intOrString: Bool
    public let embeddedResource: Bool
    public let listType: String?
    public let listMapKeys: [String]
    public let mapType: String?
    public let validations: [ApiextensionsV1.ValidationRule]
    /// `validations`, compiled once (a rule that does not compile keeps its error for CRD validation).
    let compiledRules: [CompiledValidationRule]

    /// Builds the node tree of a schema.
    public init(_ props: ApiextensionsV1.JSONSchemaProps) {
        type = props.type.flatMap { $0.isEmpty ? nil : $0 }
        format = props.format.flatMap { $0.isEmpty ? nil : $0 }
        nullable = props.nullable ?? false
        defaultValue = props.default
        enumValues = props.enum
        var children: [String: SchemaNode] = [:]
        for (name, child) in props.properties ?? [:] { children[name] = SchemaNode(child) }
        properties = children
        propertyNames = children.keys.sorted()
        switch props.additionalProperties {
        case .none: additionalProperties = .unspecified
        case .allowed(let flag): additionalProperties = .allowed(flag)
        case .schema(let schema): additionalProperties = .schema(SchemaNode(schema))
        }
        required = props.required ?? []
        minProperties = props.minProperties
        maxProperties = props.maxProperties
        switch props.items {
        case .schema(let schema): items = SchemaNode(schema)
        case .schemas(let schemas): items = schemas.first.map(SchemaNode.init)
        case .none: items = nil
        }
        minItems = props.minItems
        maxItems = props.maxItems
        uniqueItems = props.uniqueItems ?? false
        minLength = props.minLength
        maxLength = props.maxLength
        pattern = props.pattern
        compiledPattern = props.pattern.flatMap(GoRegex.compile).map(CompiledRegex.init)
        minimum = props.minimum
        maximum = props.maximum
        exclusiveMinimum = props.exclusiveMinimum ?? false
        exclusiveMaximum = props.exclusiveMaximum ?? false
        multipleOf = props.multipleOf
        preserveUnknownFields = props.xKubernetesPreserveUnknownFields ?? false
        intOrString = props.xKubernetesIntOrString ?? false
        embeddedResource = props.xKubernetesEmbeddedResource ?? false
        listType = props.xKubernetesListType
        listMapKeys = props.xKubernetesListMapKeys ?? []
        mapType = props.xKubernetesMapType
        validations = props.xKubernetesValidations ?? []
        compiledRules = validations.map(CompiledValidationRule.init)
    }

    /// The schema of the values of a map-like object (`additionalProperties: {schema}`), if any.
    public var additionalPropertiesSchema: SchemaNode? {
        if case .schema(let node) = additionalProperties { return node }
        return nil
    }

    /// The types the validator accepts: int-or-string nodes accept both (the real server rewrites them to
    /// `type: [integer, string]` before validating).
    var acceptedTypes: [String] {
        if intOrString { return ["integer", "string"] }
        return type.map { [$0] } ?? []
    }
}
