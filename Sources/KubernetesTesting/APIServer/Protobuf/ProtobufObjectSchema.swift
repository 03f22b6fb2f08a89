import Foundation
import KubernetesCore

/// How a Kubernetes object's protobuf fields map to its JSON form: for each field number, the JSON name and
/// type. Enough to turn the bodies kubectl's typed commands send into the JSON the rest of the server serves.
struct ProtobufObjectSchema: Sendable {
    indirect enum FieldType: Sendable {
        case string
        case bool
        case int64
        case int32
        /// Bytes, base64 in JSON.
        case bytes
        /// `metav1.Time` (seconds, nanos), RFC 3339 in JSON.
        case time
        case message(ProtobufObjectSchema)
        /// `map<string, string>`, on the wire a repeated entry message (key = 1, value = 2).
        case stringMap
        /// `map<string, bytes>`: values base64 in JSON.
        case bytesMap
    }

    struct Field: Sendable {
        var json: String
        var type: FieldType
        var repeated = false
        /// A Go pointer field: present on the wire only when set, so a zero value is kept. Other fields are
        /// written even when empty and, like Go's `omitempty`, dropped from the JSON then.
        var keepsZero = false
    }

    var fields: [Int: Field]

    /// The JSON object of one message.
    func decode(_ bytes: ArraySlice<UInt8>) throws(ProtobufWireReader.Malformed) -> [String: JSONValue] {
        var reader = ProtobufWireReader(bytes)
        var object: [String: JSONValue] = [:]
        while let (number, value) = try reader.next() {
            guard let field = fields[number] else { continue }  // unknown fields are skipped, as protobuf does
            switch field.type {
            case .stringMap, .bytesMap:
                guard case .bytes(let entry) = value else { throw wrongWireType(field) }
                let (key, entryValue) = try mapEntry(entry, bytesValue: { if case .bytesMap = field.type { true } else { false } }())
                var map: [String: JSONValue] = [:]
                if case .object(let existing)? = object[field.json] { map = existing }
                map[key] = entryValue
                object[field.json] = .object(map)
            default:
                let decoded = try scalar(value, field)
                if field.repeated {
                    var list: [JSONValue] = []
                    if case .array(let existing)? = object[field.json] { list = existing }
                    list.append(decoded)
                    object[field.json] = .array(list)
                } else if field.keepsZero || !decoded.isZeroValue {
                    object[field.json] = decoded
                }
            }
        }
        return object
    }

    private func scalar(_ value: ProtobufWireReader.Value, _ field: Field) throws(ProtobufWireReader.Malformed) -> JSONValue {
        switch (field.type, value) {
        case (.bool, .varint(let raw)): return .bool(raw != 0)
        case (.int64, .varint(let raw)): return .integer(Int64(bitPattern: raw))
        case (.int32, .varint(let raw)): return .integer(Int64(Int32(truncatingIfNeeded: raw)))
        case (.string, .bytes(let raw)):
            guard let text = String(validating: raw, as: UTF8.self) else { throw ProtobufWireReader.Malformed(reason: "\(field.json) is not UTF-8") }
            return .string(text)
        case (.bytes, .bytes(let raw)): return .string(Data(raw).base64EncodedString())
        case (.time, .bytes(let raw)): return try time(raw)
        case (.message(let schema), .bytes(let raw)): return .object(try schema.decode(raw))
        default: throw wrongWireType(field)
        }
    }

    private static let stringEntry = ProtobufObjectSchema(fields: [1: Field(json: "key", type: .string), 2: Field(json: "value", type: .string)])
    private static let bytesEntry = ProtobufObjectSchema(fields: [1: Field(json: "key", type: .string), 2: Field(json: "value", type: .bytes)])

    private func mapEntry(_ bytes: ArraySlice<UInt8>, bytesValue: Bool) throws(ProtobufWireReader.Malformed) -> (String, JSONValue) {
        let decoded = try (bytesValue ? Self.bytesEntry : Self.stringEntry).decode(bytes)
        guard case .string(let key)? = decoded["key"] else { return ("", decoded["value"] ?? .string("")) }
        return (key, decoded["value"] ?? .string(""))
    }

    /// `metav1.Time`: seconds (1) and nanos (2) since the epoch; the zero time is absent, as Go's JSON null.
    private func time(_ bytes: ArraySlice<UInt8>) throws(ProtobufWireReader.Malformed) -> JSONValue {
        var reader = ProtobufWireReader(bytes)
        var seconds: Int64 = 0
        while let (number, value) = try reader.next() {
            if number == 1, case .varint(let raw) = value { seconds = Int64(bitPattern: raw) }
        }
        guard seconds != 0 else { return .null }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return .string(formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))))
    }

    private func wrongWireType(_ field: Field) -> ProtobufWireReader.Malformed {
        ProtobufWireReader.Malformed(reason: "field \(field.json) has an unexpected wire type")
    }
}

extension JSONValue {
    /// Go's `omitempty` notion of empty: "", 0, false, null, and empty lists and maps.
    fileprivate var isZeroValue: Bool {
        switch self {
        case .null: true
        case .bool(let value): !value
        case .integer(let value): value == 0
        case .double(let value): value == 0
        case .string(let value): value.isEmpty
        case .array(let value): value.isEmpty
        case .object(let value): value.isEmpty
        }
    }
}
