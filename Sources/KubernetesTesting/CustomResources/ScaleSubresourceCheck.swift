import KubernetesCore
import KubernetesModels

/// The checks the API server makes on the `/scale` paths of every write: `specReplicasPath` and
/// `statusReplicasPath` must hold int64 values within int32, `labelSelectorPath` a string.
enum ScaleSubresourceCheck {
    static func errors(_ object: JSONValue, scale: ApiextensionsV1.CustomResourceSubresourceScale?) -> [SchemaFieldError] {
        guard let scale else { return [] }
        var errors = replicaErrors(object, path: scale.specReplicasPath)
        errors += replicaErrors(object, path: scale.statusReplicasPath)
        if let selectorPath = scale.labelSelectorPath, let value = lookup(object, selectorPath), value != .null,
           value.stringValue == nil
        {
            errors.append(SchemaFieldError(
                .invalid, field: selectorPath, badValue: .value(.string("")),
                detail: "\(selectorPath) accessor error: \(goValue(value)) is of the type \(goType(value)), expected string"))
        }
        return errors
    }

    private static func replicaErrors(_ object: JSONValue, path: String) -> [SchemaFieldError] {
        guard let value = lookup(object, path), value != .null else { return [] }
        guard case .integer(let replicas) = value else {
            return [SchemaFieldError(
                .invalid, field: path, badValue: .value(.integer(0)),
                detail: "\(path) accessor error: \(goValue(value)) is of the type \(goType(value)), expected int64")]
        }
        if replicas < 0 {
            return [SchemaFieldError(.invalid, field: path, badValue: .value(value), detail: "should be a non-negative integer")]
        }
        if replicas > Int64(Int32.max) {
            return [SchemaFieldError(.invalid, field: path, badValue: .value(value),
                                     detail: "should be less than or equal to \(Int32.max)")]
        }
        return []
    }

    /// Follows a `.a.b.c` path through objects.
    static func lookup(_ object: JSONValue, _ path: String) -> JSONValue? {
        let keys = path.split(separator: ".").map(String.init)
        return object[path: keys]
    }

    /// Go's `%T` for a value decoded from JSON.
    private static func goType(_ value: JSONValue) -> String {
        switch value {
        case .null: "<nil>"
        case .bool: "bool"
        case .integer: "int64"
        case .double: "float64"
        case .string: "string"
        case .array: "[]interface {}"
        case .object: "map[string]interface {}"
        }
    }

    /// Go's `%v` for a value decoded from JSON.
    private static func goValue(_ value: JSONValue) -> String {
        switch value {
        case .null: "<nil>"
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .double(let number): GoStyleJSON.formatFloat(number)
        case .string(let text): text
        case .array(let elements): "[" + elements.map(goValue).joined(separator: " ") + "]"
        case .object(let members):
            "map[" + members.keys.sorted().map { "\($0):\(members[$0].map(goValue) ?? "")" }.joined(separator: " ") + "]"
        }
    }
}
