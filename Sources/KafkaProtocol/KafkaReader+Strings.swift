import NIOCore

// Strings and byte sequences, read from a KafkaReader. Classic encodings prefix an int16 (strings) or
// int32 (bytes) length with -1 for null; compact encodings (flexible versions) prefix an unsigned varint of
// length + 1 with 0 for null.

extension KafkaReader {
    /// Reads a length prefix; nil means null. A length beyond the remaining bytes is rejected here, so
    /// garbage cannot make a decoder reserve a huge array.
    @inlinable @inline(__always)
    mutating func readKafkaLength(compact: Bool, wide: Bool) throws(KafkaDecodingError) -> Int? {
        let start = offset
        let length: Int
        if compact {
            length = Int(try readKafkaUnsignedVarint()) &- 1
        } else if wide {
            length = Int(try readKafkaInteger(as: Int32.self))
        } else {
            length = Int(try readKafkaInteger(as: Int16.self))
        }
        if length == -1 { return nil }
        guard length >= 0, length <= readableBytes else { throw Self.invalidLength(length, at: start) }
        return length
    }

    @usableFromInline @inline(never)
    static func invalidLength(_ length: Int, at offset: Int) -> KafkaDecodingError {
        KafkaDecodingError(reason: .invalidLength(length), offset: offset)
    }

    /// Reads `length` bytes (checked by the caller) as a strictly validated UTF-8 string.
    ///
    /// Kafka strings are nearly always ASCII: checked eight bytes at a time here, they need no further
    /// validation. Anything else goes through the standard library's strict validation, which is generic
    /// and unspecialized from here (a metadata lookup per string), so it is kept off the common path.
    @inlinable @inline(never)
    mutating func readKafkaUTF8(length: Int, start: Int) throws(KafkaDecodingError) -> String {
        let bytes = peekBytes(length)
        var highBits: UInt64 = 0
        var index = 0
        while index &+ 8 <= length {
            highBits |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index &+= 8
        }
        while index < length {
            highBits |= UInt64(bytes[index])
            index &+= 1
        }
        let units = bytes.assumingMemoryBound(to: UInt8.self)
        let text: String?
        if highBits & 0x8080_8080_8080_8080 == 0 {
            text = String(decoding: units, as: UTF8.self)
        } else {
            text = String(validating: units, as: UTF8.self)
        }
        guard let text else { throw KafkaDecodingError(reason: .invalidUTF8, offset: start) }
        position &+= length
        return text
    }

    /// Reads a non-null string.
    @inlinable @inline(__always)
    public mutating func readKafkaString(compact: Bool) throws(KafkaDecodingError) -> String {
        let start = offset
        guard let length = try readKafkaLength(compact: compact, wide: false) else {
            throw KafkaDecodingError(reason: .unexpectedNull, offset: start)
        }
        return try readKafkaUTF8(length: length, start: start)
    }

    /// Reads a string that may be null.
    @inlinable @inline(__always)
    public mutating func readKafkaNullableString(compact: Bool) throws(KafkaDecodingError) -> String? {
        let start = offset
        guard let length = try readKafkaLength(compact: compact, wide: false) else { return nil }
        return try readKafkaUTF8(length: length, start: start)
    }

    /// Reads non-null bytes as a slice of the underlying buffer (no copy).
    @inlinable
    public mutating func readKafkaBytes(compact: Bool) throws(KafkaDecodingError) -> ByteBuffer {
        let start = offset
        guard let bytes = try readKafkaNullableBytes(compact: compact) else {
            throw KafkaDecodingError(reason: .unexpectedNull, offset: start)
        }
        return bytes
    }

    /// Reads bytes that may be null, as a slice of the underlying buffer (no copy).
    @inlinable
    public mutating func readKafkaNullableBytes(compact: Bool) throws(KafkaDecodingError) -> ByteBuffer? {
        guard let length = try readKafkaLength(compact: compact, wide: true) else { return nil }
        return try readSlice(length)
    }
}
