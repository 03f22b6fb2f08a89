/// The wire type of a field, resolved from its spec `type` string.
indirect enum FieldType: Equatable, Sendable {
    case bool, int8, int16, uint16, int32, uint32, int64, float64, string, bytes, records, uuid
    case structure(String)
    case array(FieldType)

    static let primitives: [String: FieldType] = [
        "bool": .bool, "int8": .int8, "int16": .int16, "uint16": .uint16, "int32": .int32, "uint32": .uint32,
        "int64": .int64, "float64": .float64, "string": .string, "bytes": .bytes, "records": .records,
        "uuid": .uuid,
    ]

    var isInteger: Bool {
        switch self {
        case .int8, .int16, .uint16, .int32, .uint32, .int64: return true
        default: return false
        }
    }

    /// The Swift type used for a non-optional value.
    var swiftType: String {
        switch self {
        case .bool: return "Bool"
        case .int8: return "Int8"
        case .int16: return "Int16"
        case .uint16: return "UInt16"
        case .int32: return "Int32"
        case .uint32: return "UInt32"
        case .int64: return "Int64"
        case .float64: return "Double"
        case .string: return "String"
        case .bytes, .records: return "ByteBuffer"
        case .uuid: return "KafkaUUID"
        case .structure(let name): return name
        case .array(let element): return "[\(element.swiftType)]"
        }
    }

    /// The Swift type as written outside the message's own scope (in an extension of a nested struct):
    /// struct names qualified with the message that nests them.
    func swiftType(inMessage message: String) -> String {
        switch self {
        case .structure(let name): return "\(message).\(name)"
        case .array(let element): return "[\(element.swiftType(inMessage: message))]"
        default: return swiftType
        }
    }
}

/// A field with its versions resolved against the struct that holds it.
struct Field {
    var specName: String
    var property: String
    var type: FieldType
    /// Versions in which the field exists, already intersected with the holding struct's versions.
    var versions: Versions
    var nullableVersions: Versions
    var taggedVersions: Versions
    var tag: UInt32?
    var ignorable: Bool
    var defaultText: String
    var flexibleOverride: Versions?
    var about: String

    /// Nullable in at least one version: the Swift property is Optional.
    var isOptional: Bool { !nullableVersions.intersection(versions).isEmpty }
    var isTagged: Bool { tag != nil }

    var swiftType: String { isOptional ? "\(type.swiftType)?" : type.swiftType }

    /// `swiftType` as written outside the message's own scope.
    func swiftType(inMessage message: String) -> String {
        let base = type.swiftType(inMessage: message)
        return isOptional ? "\(base)?" : base
    }
}

/// A generated Swift struct: a message itself, or a struct nested in it.
struct StructModel {
    var name: String
    /// The versions in which this struct can appear; used to simplify version checks.
    var versions: Versions
    var fields: [Field]
}

enum MessageKind: String {
    case request, response, header, data
}

/// One spec file, resolved.
struct MessageModel {
    var fileName: String
    var name: String
    var kind: MessageKind
    var apiKey: Int16?
    var validVersions: Versions
    var flexibleVersions: Versions
    var latestVersionUnstable: Bool
    var root: StructModel
    /// Nested and common structs, in spec order (deterministic output).
    var nested: [StructModel]

    /// The API name without the Request/Response suffix ("Metadata").
    var apiName: String {
        for suffix in ["Request", "Response"] where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return name
    }
}

/// Swift keywords that cannot be used as property names without backticks.
let swiftKeywords: Set<String> = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
    "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct",
    "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else",
    "fallthrough", "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "catch",
    "false", "is", "nil", "super", "self", "Self", "throw", "throws", "true", "try", "any", "some",
]

func lowerCamel(_ name: String) -> String {
    guard let first = name.first else { return name }
    return first.lowercased() + name.dropFirst()
}

func propertyName(_ specName: String) -> String {
    let name = lowerCamel(specName)
    return swiftKeywords.contains(name) ? "`\(name)`" : name
}

/// A property name without backticks, for error messages and string literals.
func plainName(_ property: String) -> String {
    property.replacingOccurrences(of: "`", with: "")
}
