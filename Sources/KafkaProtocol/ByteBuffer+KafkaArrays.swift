import NIOCore

// Arrays: classic encodings prefix an int32 count (-1 for null); compact ones an unsigned varint count + 1
// (0 for null). Nullable structs are prefixed by an int8: -1 for null, 1 for present.

extension ByteBuffer {
    @inlinable
    public mutating func writeKafkaArray<Element: KafkaArrayElement>(
        _ elements: [Element], compact: Bool, version: Int16
    ) throws {
        writeKafkaLength(elements.count, compact: compact, wide: true)
        try Element.writeKafkaElements(elements, to: &self, compact: compact, version: version)
    }

    @inlinable
    public mutating func writeKafkaNullableArray<Element: KafkaArrayElement>(
        _ elements: [Element]?, compact: Bool, version: Int16
    ) throws {
        guard let elements else {
            writeKafkaLength(nil, compact: compact, wide: true)
            return
        }
        try writeKafkaArray(elements, compact: compact, version: version)
    }

    @inlinable
    public mutating func writeKafkaNullableStruct<Value: KafkaCodable>(_ value: Value?, version: Int16) throws {
        guard let value else {
            writeInteger(Int8(-1))
            return
        }
        writeInteger(Int8(1))
        try value.encode(into: &self, version: version)
    }
}
