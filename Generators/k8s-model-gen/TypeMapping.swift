/// How an OpenAPI schema name is represented in Swift.
enum TypeMapping {
    /// A struct of KubernetesCore; its schema is still generated (the API server needs ObjectMeta's).
    case coreStruct(String)
    /// A KubernetesCore value type with a scalar wire form.
    case coreScalar(String, scalar: String)
    /// Open JSON: `JSONValue`.
    case untyped
    /// A hand-written type of KubernetesModels (one-of schemas the OpenAPI document cannot describe).
    case handWritten(String)
    /// Generated from its schema.
    case generated

    static let meta = "io.k8s.apimachinery.pkg.apis.meta.v1."
    static let apiextensions = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."

    static func of(_ name: String) -> TypeMapping {
        switch name {
        case meta + "ObjectMeta", meta + "ListMeta", meta + "OwnerReference", meta + "ManagedFieldsEntry",
            meta + "Condition", meta + "LabelSelector", meta + "LabelSelectorRequirement", meta + "Status",
            meta + "StatusDetails", meta + "StatusCause":
            return .coreStruct(shortName(name))
        case meta + "Time": return .coreScalar("Time", scalar: "time")
        case meta + "MicroTime": return .coreScalar("MicroTime", scalar: "microTime")
        case "io.k8s.apimachinery.pkg.api.resource.Quantity": return .coreScalar("Quantity", scalar: "quantity")
        case "io.k8s.apimachinery.pkg.util.intstr.IntOrString": return .coreScalar("IntOrString", scalar: "intOrString")
        case meta + "FieldsV1", "io.k8s.apimachinery.pkg.runtime.RawExtension", apiextensions + "JSON":
            return .untyped
        case apiextensions + "JSONSchemaPropsOrArray", apiextensions + "JSONSchemaPropsOrBool",
            apiextensions + "JSONSchemaPropsOrStringArray":
            return .handWritten("ApiextensionsV1." + shortName(name))
        default:
            return .generated
        }
    }

    static func shortName(_ name: String) -> String {
        name.components(separatedBy: ".").last ?? name
    }

    /// `io.k8s.api.core.v1.Pod` -> `CoreV1`; `...apis.meta.v1.DeleteOptions` -> `MetaV1`.
    static func namespace(of name: String) -> String {
        let parts = name.components(separatedBy: ".")
        guard parts.count >= 3 else { return "Unknown" }
        return Naming.upperFirst(parts[parts.count - 3]) + Naming.upperFirst(parts[parts.count - 2])
    }

    static func qualifiedName(of name: String) -> String {
        "\(namespace(of: name)).\(shortName(name))"
    }
}
