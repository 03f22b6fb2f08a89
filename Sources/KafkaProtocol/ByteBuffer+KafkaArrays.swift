import NIOCore

// Arrays: classic encodings prefix an int32 count (-1 for null); compact ones an unsigned varint count + 1
// (0 for null). Nullable structs are prefixed by an int8: -1 for null, 1 for present.

extension ByteBuffer {
    /// Reads an array count; nil means null. Counts have the same form as byte lengths (int32 or compact),
    /// and a count larger than the remaining bytes is rejected up front (every element takes at least one
    /// byte), so garbage cannot make us reserve huge arrays.
    @inlinable
    mutating func readKafkaArrayCount(compact: Bool) throws(KafkaDecodingError) -> Int? {
        try readKafkaLength(compact: compact, wide: true)
    }

    /// Reads a non-null array.
    @inlinable
    public mutating func readKafkaArray<Element: KafkaArrayElement>(
        of type: Element.Type, compact: Bool, version: Int16
    ) throws -> [Element] {
        let start = readerIndex
        guard let count = try readKafkaArrayCount(compact: compact) else {
            throw KafkaDecodingError(reason: .unexpectedNull, offset: start)
        }
        return try Element.readKafkaElements(from: &self, count: count, compact: compact, version: version)
    }

    /// Reads an array that may be null.
    @inlinable
    public mutating func readKafkaNullableArray<Element: KafkaArrayElement>(
        of type: Element.Type, compact: Bool, version: Int16
    ) throws -> [Element]? {
        guard let count = try readKafkaArrayCount(compact: compact) else { return nil }
        return try Element.readKafkaElements(from: &self, count: count, compact: compact, version: version)
    }

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

    /// Reads a struct that may be null (int8 marker: -1 null, otherwise present).
    @inlinable
    public mutating func readKafkaNullableStruct<Value: KafkaCodable>(of type: Value.Type, version: Int16) throws -> Value? {
        let marker = try readKafkaInteger(as: Int8.self)
        if marker < 0 { return nil }
        return try Value(from: &self, version: version)
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
