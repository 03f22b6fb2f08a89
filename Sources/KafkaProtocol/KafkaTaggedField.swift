import NIOCore

/// A tagged field (KIP-482) this codec does not know: its tag and raw data, re-encoded unchanged.
public struct KafkaTaggedField: Hashable, Sendable {
    public var tag: UInt32
    public var data: ByteBuffer

    public init(tag: UInt32, data: ByteBuffer) {
        self.tag = tag
        self.data = data
    }
}

// A tagged field section is an unsigned varint count, then per field: tag, size (both unsigned varints)
// and `size` bytes of data, in ascending tag order.

extension ByteBuffer {
    /// Writes a whole tagged field section made only of `fields`.
    @inlinable
    public mutating func writeKafkaTaggedFields(_ fields: [KafkaTaggedField]) {
        writeKafkaUnsignedVarint(UInt32(truncatingIfNeeded: fields.count))
        for field in fields { writeKafkaRawTaggedField(field) }
    }

    @inlinable
    mutating func writeKafkaRawTaggedField(_ field: KafkaTaggedField) {
        writeKafkaUnsignedVarint(field.tag)
        writeKafkaUnsignedVarint(UInt32(truncatingIfNeeded: field.data.readableBytes))
        writeImmutableBuffer(field.data)
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
    public mutating func writeKafkaTaggedField(tag: UInt32, _ body: (inout ByteBuffer) throws -> Void) rethrows {
        var scratch = ByteBuffer()
        try body(&scratch)
        writeKafkaUnsignedVarint(tag)
        writeKafkaUnsignedVarint(UInt32(truncatingIfNeeded: scratch.readableBytes))
        writeImmutableBuffer(scratch)
    }
}
