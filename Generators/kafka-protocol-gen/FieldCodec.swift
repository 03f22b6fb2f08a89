/// The Swift statements that read and write one field value. `buffer` names the variable read from (a
/// KafkaReader) or written to (a KafkaWriter) and `compact` is the Swift expression saying whether compact
/// (flexible) encodings are used.
struct FieldCodec {
    var buffer: String
    var compact: String
    /// The message whose nested struct names are qualified in reads, which run in extensions.
    var message: String

    /// A statement writing the non-optional value `value` of `type`.
    func write(_ value: String, _ type: FieldType) -> String {
        switch type {
        case .bool: return "\(buffer).writeKafkaBool(\(value))"
        case .int8, .int16, .uint16, .int32, .uint32, .int64: return "\(buffer).writeInteger(\(value))"
        case .float64: return "\(buffer).writeKafkaFloat64(\(value))"
        case .uuid: return "\(buffer).writeKafkaUUID(\(value))"
        case .string: return "try \(buffer).writeKafkaString(\(value), compact: \(compact))"
        case .bytes, .records: return "\(buffer).writeKafkaBytes(\(value), compact: \(compact))"
        case .array: return "try \(buffer).writeKafkaArray(\(value), compact: \(compact), version: version)"
        case .structure: return "try \(value).encode(to: &\(buffer), version: version)"
        }
    }

    /// A statement writing the optional value `value` of `type` in its nullable wire form.
    func writeNullable(_ value: String, _ type: FieldType) -> String {
        switch type {
        case .string: return "try \(buffer).writeKafkaNullableString(\(value), compact: \(compact))"
        case .bytes, .records: return "\(buffer).writeKafkaNullableBytes(\(value), compact: \(compact))"
        case .array: return "try \(buffer).writeKafkaNullableArray(\(value), compact: \(compact), version: version)"
        case .structure: return "try \(buffer).writeKafkaNullableStruct(\(value), version: version)"
        default: return "// unreachable: \(type) is never nullable"
        }
    }

    /// An expression reading a non-null value of `type`.
    func read(_ type: FieldType) -> String {
        switch type {
        case .bool: return "try \(buffer).readKafkaBool()"
        case .int8, .int16, .uint16, .int32, .uint32, .int64:
            return "try \(buffer).readKafkaInteger(as: \(type.swiftType).self)"
        case .float64: return "try \(buffer).readKafkaFloat64()"
        case .uuid: return "try \(buffer).readKafkaUUID()"
        case .string: return "try \(buffer).readKafkaString(compact: \(compact))"
        case .bytes, .records: return "try \(buffer).readKafkaBytes(compact: \(compact))"
        case .array(let element):
            return "try \(buffer).readKafkaArray(of: \(element.swiftType(inMessage: message)).self, compact: \(compact), version: version)"
        case .structure(let name): return "try \(message).\(name)(from: &\(buffer), version: version)"
        }
    }

    /// An expression reading a value of `type` in its nullable wire form.
    func readNullable(_ type: FieldType) -> String {
        switch type {
        case .string: return "try \(buffer).readKafkaNullableString(compact: \(compact))"
        case .bytes, .records: return "try \(buffer).readKafkaNullableBytes(compact: \(compact))"
        case .array(let element):
            return "try \(buffer).readKafkaNullableArray(of: \(element.swiftType(inMessage: message)).self, compact: \(compact), version: version)"
        case .structure(let name): return "try \(buffer).readKafkaNullableStruct(of: \(message).\(name).self, version: version)"
        default: return read(type)
        }
    }
}
