// Arrays, nullable structs and tagged fields, read from a KafkaReader. Classic arrays prefix an int32
// count (-1 for null), compact ones an unsigned varint count + 1 (0 for null); nullable structs an int8
// (-1 for null). A tagged field section is an unsigned varint count, then per field its tag and size (both
// unsigned varints) and `size` bytes of data, in ascending tag order.

extension KafkaReader {
    /// Reads a non-null array.
    @inlinable
    public mutating func readKafkaArray<Element: KafkaArrayElement>(
        of type: Element.Type, compact: Bool, version: Int16
    ) throws -> [Element] {
        let start = offset
        // Counts have the form of byte lengths, so a count beyond the remaining bytes is rejected up front
        // (every element takes at least one byte).
        guard let count = try readKafkaLength(compact: compact, wide: true) else {
            throw KafkaDecodingError(reason: .unexpectedNull, offset: start)
        }
        return try Element.readKafkaElements(from: &self, count: count, compact: compact, version: version)
    }

    /// Reads an array that may be null.
    @inlinable
    public mutating func readKafkaNullableArray<Element: KafkaArrayElement>(
        of type: Element.Type, compact: Bool, version: Int16
    ) throws -> [Element]? {
        guard let count = try readKafkaLength(compact: compact, wide: true) else { return nil }
        return try Element.readKafkaElements(from: &self, count: count, compact: compact, version: version)
    }

    /// Reads a struct that may be null (int8 marker: -1 null, otherwise present).
    @inlinable
    public mutating func readKafkaNullableStruct<Value: KafkaCodable>(of type: Value.Type, version: Int16) throws -> Value? {
        let marker = try readKafkaInteger(as: Int8.self)
        if marker < 0 { return nil }
        return try Value(from: &self, version: version)
    }

    /// Reads the size-prefixed data of one tagged field, as a reader of those bytes alone.
    @inlinable
    public mutating func readKafkaTaggedFieldData() throws(KafkaDecodingError) -> KafkaReader {
        let start = offset
        let size = Int(try readKafkaUnsignedVarint())
        guard size <= readableBytes else {
            throw KafkaDecodingError(reason: .truncated(needed: size, available: readableBytes), offset: start)
        }
        return try readSubReader(size)
    }

    /// Reads a whole tagged field section of a struct that has no known tagged fields.
    @inlinable @inline(__always)
    public mutating func readKafkaUnknownTaggedFields() throws(KafkaDecodingError) -> [KafkaTaggedField] {
        // Nearly every struct has an empty section, a single zero byte: read inline, without a call.
        if position < limit, base.load(fromByteOffset: position, as: UInt8.self) == 0 {
            position &+= 1
            return []
        }
        return try readKafkaNonEmptyTaggedFields()
    }

    /// The rest of `readKafkaUnknownTaggedFields`, out of line.
    @usableFromInline @inline(never)
    mutating func readKafkaNonEmptyTaggedFields() throws(KafkaDecodingError) -> [KafkaTaggedField] {
        let start = offset
        let count = Int(try readKafkaUnsignedVarint())
        if count == 0 { return [] }
        guard count <= readableBytes else { throw KafkaDecodingError(reason: .invalidLength(count), offset: start) }
        var fields: [KafkaTaggedField] = []
        fields.reserveCapacity(count)
        for _ in 0..<count {
            let tag = try readKafkaUnsignedVarint()
            fields.append(KafkaTaggedField(tag: tag, data: try readKafkaTaggedFieldData().remainingBytes))
        }
        return fields
    }
}
