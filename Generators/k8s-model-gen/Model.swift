/// The shape of a field, mirrored by KubernetesCore's `FieldShape` in the generated schema registry.
indirect enum ShapeModel: Hashable {
    case scalar(String)
    case object(String, mapType: String?)
    case array(ShapeModel, listType: String?, mapKeys: [String])
    case map(ShapeModel, mapType: String?)
    case untyped
}

struct FieldModel {
    var jsonName: String
    var swiftName: String
    /// The Swift type without the trailing `?`.
    var swiftType: String
    var isOptional: Bool
    var isRequired: Bool
    /// Stored through `Indirect<T>` because the field's type contains this type again without a collection
    /// in between (JSONSchemaProps.not), which would make the struct infinitely large.
    var isIndirect: Bool
    var doc: String?
    var shape: ShapeModel
    var patchStrategy: String?
    var patchMergeKey: String?
    /// The referenced struct (schema key), for finding direct reference cycles.
    var directReference: String?
}

/// A kind served at its own collection path (`/api/v1/namespaces/{namespace}/pods`).
struct ResourceModel {
    var plural: String
    var namespaced: Bool
    var subresources: [String]
}

/// A top-level kind: an object with `apiVersion`, `kind` and (for most) `metadata: ObjectMeta`.
struct KindModel {
    var gvk: OpenAPIGroupVersionKind
    var hasObjectMeta: Bool
    var resource: ResourceModel?
}

struct TypeModel {
    var openAPIName: String
    var namespace: String
    var name: String
    /// `Namespace.Name`: the Swift name and the key of the schema registry.
    var qualifiedName: String { "\(namespace).\(name)" }
    var doc: String?
    var fields: [FieldModel]
    var mapType: String?
    var kind: KindModel?
    /// False for apimachinery types that KubernetesCore defines by hand: only their schema is generated.
    var emitsSwift: Bool

    var hasSpec: Bool { fields.contains { $0.jsonName == "spec" } }
    var hasStatus: Bool { fields.contains { $0.jsonName == "status" } }
}

struct GeneratedModel {
    /// Sorted by qualified name.
    var types: [TypeModel]
    var resourceCount: Int { types.filter { $0.kind?.resource != nil && $0.emitsSwift }.count }
}
