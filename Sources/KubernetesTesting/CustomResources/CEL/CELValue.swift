import KubernetesCore

/// A CEL runtime value. Maps keep insertion order of their keys out of the picture: lookups are by value.
public indirect enum CELValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([CELValue])
    case map([CELValue: CELValue])
    /// A type value, as `type(x)` returns it (`int`, `string`, ...).
    case type(String)
    /// A `resource.Quantity` from the Kubernetes quantity library (`quantity('10Gi')`).
    case quantity(Quantity)
    /// An optional value: `oldSelf` of rules with `optionalOldSelf: true` (none on create).
    case optional(CELValue?)

    /// The CEL type name, used in error messages (`no such overload`).
    public var typeName: String {
        switch self {
        case .null: "null_type"
        case .bool: "bool"
        case .int: "int"
        case .uint: "uint"
        case .double: "double"
        case .string: "string"
        case .bytes: "bytes"
        case .list: "list"
        case .map: "map"
        case .type: "type"
        case .quantity: "kubernetes.Quantity"
        case .optional: "optional_type"
        }
    }

    /// Converts JSON to CEL, typed by the schema like the API server does: `type: number` fields are doubles
    /// even when the JSON holds an integer.
    public init(json: JSONValue, schema: SchemaNode?) {
        switch json {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .integer(let number):
            self = schema?.type == "number" ? .double(Double(number)) : .int(number)
        case .double(let number):
            if schema?.type == "integer", number == number.rounded(), abs(number) < 9.2e18 {
                self = .int(Int64(number))
            } else {
                self = .double(number)
            }
        case .string(let text): self = .string(text)
        case .array(let elements):
            self = .list(elements.map { CELValue(json: $0, schema: schema?.items) })
        case .object(let members):
            var converted: [CELValue: CELValue] = [:]
            for (key, member) in members {
                let child = schema?.properties[key] ?? schema?.additionalPropertiesSchema
                converted[.string(key)] = CELValue(json: member, schema: child)
            }
            self = .map(converted)
        }
    }
}

extension CELValue {
    /// CEL equality: numbers compare across int, uint and double; lists and maps element-wise.
    func celEquals(_ other: CELValue) -> Bool {
        switch (self, other) {
        case (.int(let a), .int(let b)): return a == b
        case (.uint(let a), .uint(let b)): return a == b
        case (.double(let a), .double(let b)): return a == b
        case (.int(let a), .uint(let b)), (.uint(let b), .int(let a)): return a >= 0 && UInt64(a) == b
        case (.int(let a), .double(let b)), (.double(let b), .int(let a)): return Double(a) == b
        case (.uint(let a), .double(let b)), (.double(let b), .uint(let a)): return Double(a) == b
        case (.quantity(let a), .quantity(let b)):
            return Quantity.compare(a, b) == 0
        case (.optional(let a), .optional(let b)):
            switch (a, b) {
            case (nil, nil): return true
            case (let a?, let b?): return a.celEquals(b)
            default: return false
            }
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.celEquals($1) }
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            return a.allSatisfy { key, value in b.first(where: { $0.key.celEquals(key) }).map { $0.value.celEquals(value) } ?? false }
        default:
            return self == other
        }
    }

    /// Looks a key up in a map by CEL equality (so `m[1]` finds the key `1u`).
    func mapLookup(_ key: CELValue) -> CELValue? {
        guard case .map(let entries) = self else { return nil }
        if let direct = entries[key] { return direct }
        return entries.first(where: { $0.key.celEquals(key) })?.value
    }
}
