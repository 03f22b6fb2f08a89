import NIOCore

// Arrays, nullable structs and tagged fields, written by a KafkaWriter. Classic arrays prefix an int32
// count (-1 for null), compact ones an unsigned varint count + 1 (0 for null); nullable structs an int8
// (-1 for null, 1 for present). A tagged field section is an unsigned varint count, then per field its tag
// and size (both unsigned varints) and `size` bytes of data, in ascending tag order.

extension KafkaWriter {
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
        try value.encode(to: &self, version: version)
    }

    /// Writes a whole tagged field section made only of `fields`.
    @inlinable @inline(__always)
    public mutating func writeKafkaTaggedFields(_ fields: [KafkaTaggedField]) {
        writeKafkaUnsignedVarint(UInt32(truncatingIfNeeded: fields.count))
        for field in fields { writeKafkaRawTaggedField(field) }
    }

    @inlinable
    mutating func writeKafkaRawTaggedField(_ field: KafkaTaggedField) {
        writeKafkaUnsignedVarint(field.tag)
        writeKafkaUnsignedVarint(UInt32(truncatingIfNeeded: field.data.readableBytes))
        writeBuffer(field.data)
    }

    /// Writes the unknown fields from `index` on whose tag is below `tag` (all remaining if nil), so they
    /// interleave with known tags in ascending order.
    @inlinable
    public mutating func writeKafkaUnknownTaggedFields(_ fields: [KafkaTaggedField], before tag: UInt32?, index: inout Int) {
        while index < fields.count, tag.map({ fields[index].tag < $0 }) ?? true {
            writeKafkaRawTaggedField(fields[index])
            index += 1
        }
    }

    /// Writes one known tagged field: its tag, the size of what `body` writes, then those bytes.
    @inlinable
    public mutating func writeKafkaTaggedField(tag: UInt32, _ body: (inout KafkaWriter) throws -> Void) rethrows {
        var scratch = KafkaWriter(capacity: 64)
        try body(&scratch)
        writeKafkaUnsignedVarint(tag)
        writeKafkaUnsignedVarint(UInt32(truncatingIfNeeded: scratch.count))
        scratch.withUnsafeWrittenBytes { writeBytes($0) }
    }
}
