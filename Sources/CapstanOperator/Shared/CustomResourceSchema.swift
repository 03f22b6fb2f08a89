import KubernetesCore
import KubernetesModels

/// A type that describes its own structural OpenAPI v3 schema, from which the CRD is generated.
///
/// Every stored property of a conforming type has exactly one entry in `openAPISchema.properties` under
/// its Swift name (which is also its JSON name); a test walks the types and fails on any drift.
public protocol CustomResourceSchema: Sendable {
    static var openAPISchema: ApiextensionsV1.JSONSchemaProps { get }
}

/// A small DSL for structural schemas: each helper sets exactly the keywords a structural schema needs
/// (`type` everywhere, `x-kubernetes-*` where merging or validation depends on them).
public enum Schema {
    public typealias Props = ApiextensionsV1.JSONSchemaProps

    /// An object with known properties; unknown fields are pruned by the API server.
    public static func object(
        _ description: String,
        required: [String] = [],
        properties: [String: Props],
        rules: [ApiextensionsV1.ValidationRule] = [],
        default: JSONValue? = nil
    ) -> Props {
        Props(
            default: `default`,
            description: description,
            properties: properties,
            required: required.isEmpty ? nil : required.sorted(),
            type: "object",
            xKubernetesValidations: rules.isEmpty ? nil : rules)
    }

    /// A conforming type's schema with a description of the field that holds it.
    public static func ref<T: CustomResourceSchema>(
        _ type: T.Type, _ description: String, rules: [ApiextensionsV1.ValidationRule] = [], default: JSONValue? = nil
    ) -> Props {
        var props = T.openAPISchema
        props.description = description
        if !rules.isEmpty { props.xKubernetesValidations = (props.xKubernetesValidations ?? []) + rules }
        if let `default` { props.default = `default` }
        return props
    }

    public static func string(
        _ description: String,
        pattern: String? = nil,
        minLength: Int64? = nil,
        maxLength: Int64? = nil,
        default: String? = nil,
        rules: [ApiextensionsV1.ValidationRule] = []
    ) -> Props {
        Props(
            default: `default`.map(JSONValue.string),
            description: description,
            maxLength: maxLength,
            minLength: minLength,
            pattern: pattern,
            type: "string",
            xKubernetesValidations: rules.isEmpty ? nil : rules)
    }

    /// A string restricted to the cases of a `SchemaEnum`.
    public static func enumeration<E: SchemaEnum>(
        _ type: E.Type, _ description: String, default: E? = nil, rules: [ApiextensionsV1.ValidationRule] = []
    ) -> Props {
        Props(
            default: `default`.map { .string($0.rawValue) },
            description: description,
            enum: E.allowedValues.map(JSONValue.string),
            type: "string",
            xKubernetesValidations: rules.isEmpty ? nil : rules)
    }

    public static func integer(
        _ description: String,
        minimum: Int64? = nil,
        maximum: Int64? = nil,
        default: Int64? = nil,
        format: String = "int32",
        rules: [ApiextensionsV1.ValidationRule] = []
    ) -> Props {
        Props(
            default: `default`.map(JSONValue.integer),
            description: description,
            format: format,
            maximum: maximum.map(Double.init),
            minimum: minimum.map(Double.init),
            type: "integer",
            xKubernetesValidations: rules.isEmpty ? nil : rules)
    }

    public static func boolean(_ description: String, default: Bool? = nil) -> Props {
        Props(default: `default`.map(JSONValue.bool), description: description, type: "boolean")
    }

    /// A resource quantity written as a string (`10Gi`, `500m`); the pattern is apimachinery's.
    public static func quantity(_ description: String, rules: [ApiextensionsV1.ValidationRule] = []) -> Props {
        string(description, pattern: quantityPattern, rules: rules)
    }

    /// apimachinery's quantity syntax (the same expression the built-in OpenAPI documents use).
    public static let quantityPattern =
        #"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$"#

    public static func array(
        _ description: String,
        of items: Props,
        listType: ListType = .atomic,
        mapKeys: [String] = [],
        minItems: Int64? = nil,
        maxItems: Int64? = nil,
        default: JSONValue? = nil,
        rules: [ApiextensionsV1.ValidationRule] = []
    ) -> Props {
        var items = items
        // The description lives on the array; repeating it on every item only bloats the CRD.
        if items.type != "object" || items.properties == nil { items.description = nil }
        return Props(
            default: `default`,
            description: description,
            items: .schema(items),
            maxItems: maxItems,
            minItems: minItems,
            type: "array",
            xKubernetesListMapKeys: mapKeys.isEmpty ? nil : mapKeys,
            xKubernetesListType: listType.rawValue,
            xKubernetesValidations: rules.isEmpty ? nil : rules)
    }

    /// A `map[string]T`.
    public static func map(_ description: String, of values: Props, maxProperties: Int64? = nil) -> Props {
        var values = values
        values.description = nil
        return Props(
            additionalProperties: .schema(values), description: description, maxProperties: maxProperties,
            type: "object")
    }

    /// An object whose content is another API's type (affinity, tolerations): kept as written.
    public static func embedded(_ description: String) -> Props {
        Props(description: description, type: "object", xKubernetesPreserveUnknownFields: true)
    }

    /// `status.observedGeneration`.
    public static var observedGeneration: Props {
        integer("The metadata.generation of the spec this status describes.", format: "int64")
    }

    /// `status.conditions` of a Capstan resource.
    public static var statusConditions: Props {
        conditions("Ready, Reconciling, Degraded and Warning, each with the reason and what the operator waits for.")
    }

    /// The standard `metav1.Condition` list, merged by `type`.
    public static func conditions(_ description: String) -> Props {
        let condition = object(
            "A standard Kubernetes condition.",
            required: ["type", "status", "lastTransitionTime", "reason", "message"],
            properties: [
                "type": string("CamelCase condition type: Ready, Reconciling, Degraded or Warning.", maxLength: 316),
                "status": Props(enum: ["True", "False", "Unknown"], type: "string"),
                "observedGeneration": integer(
                    "The metadata.generation the condition was computed from.", minimum: 0, format: "int64"),
                "lastTransitionTime": Props(
                    description: "When status last changed.", format: "date-time", type: "string"),
                "reason": string("CamelCase machine-readable reason.", maxLength: 1024),
                "message": string("Human-readable detail, naming the field and the fix where there is one.",
                    maxLength: 32768),
            ])
        return array(description, of: condition, listType: .map, mapKeys: ["type"])
    }

    /// A CEL rule with its message (and the field the error is reported on, relative to the rule's object).
    public static func rule(
        _ rule: String, message: String, fieldPath: String? = nil, reason: String? = nil, optionalOldSelf: Bool? = nil
    ) -> ApiextensionsV1.ValidationRule {
        ApiextensionsV1.ValidationRule(
            fieldPath: fieldPath, message: message, optionalOldSelf: optionalOldSelf, reason: reason, rule: rule)
    }
}
