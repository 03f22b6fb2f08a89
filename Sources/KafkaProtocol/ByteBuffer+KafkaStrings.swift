import NIOCore

// Strings and byte sequences. Classic encodings prefix an int16 (strings) or int32 (bytes) length with -1
// for null; compact encodings (flexible versions) prefix an unsigned varint of length + 1 with 0 for null.

extension ByteBuffer {
    /// Reads a length prefix; nil means null.
    @inlinable
    mutating func readKafkaLength(compact: Bool, wide: Bool) throws(KafkaDecodingError) -> Int? {
        let start = readerIndex
        let length: Int
        if compact {
            length = Int(try readKafkaUnsignedVarint()) - 1
        } else if wide {
            length = Int(try readKafkaInteger(as: Int32.self))
        } else {
            length = Int(try readKafkaInteger(as: Int16.self))
        }
        if length == -1 { return nil }
        guard length >= 0, length <= readableBytes else {
            throw KafkaDecodingError(reason: .invalidLength(length), offset: start)
        }
        return length
    }

    @inlinable
    mutating func writeKafkaLength(_ length: Int?, compact: Bool, wide: Bool) {
        guard let length else {
            if compact { writeInteger(UInt8(0)) } else if wide { writeInteger(Int32(-1)) } else { writeInteger(Int16(-1)) }
            return
        }
        if compact {
            writeKafkaUnsignedVarint(UInt32(truncatingIfNeeded: length + 1))
        } else if wide {
            writeInteger(Int32(truncatingIfNeeded: length))
        } else {
            writeInteger(Int16(truncatingIfNeeded: length))
        }
    }

    /// Reads `length` bytes as a strictly validated UTF-8 string (the length was checked by the caller).
    /// Kafka strings are nearly always ASCII, which needs no validation beyond the high-bit check; anything
    /// else goes through the standard library's strict validation.
    @inlinable
    mutating func readKafkaUTF8(length: Int, start: Int) throws(KafkaDecodingError) -> String {
        let text: String? = withUnsafeReadableBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[0..<length]).assumingMemoryBound(to: UInt8.self)
            var highBits: UInt8 = 0
            for byte in bytes { highBits |= byte }
            if highBits < 0x80 { return String(decoding: bytes, as: UTF8.self) }
            return String(validating: bytes, as: UTF8.self)
        }
        guard let text else { throw KafkaDecodingError(reason: .invalidUTF8, offset: start) }
        moveReaderIndex(forwardBy: length)
        return text
    }

    /// Reads a non-null string.
    @inlinable
    public mutating func readKafkaString(compact: Bool) throws(KafkaDecodingError) -> String {
        let start = readerIndex
        guard let length = try readKafkaLength(compact: compact, wide: false) else {
            throw KafkaDecodingError(reason: .unexpectedNull, offset: start)
        }
        return try readKafkaUTF8(length: length, start: start)
    }

    /// Reads a string that may be null.
    @inlinable
    public mutating func readKafkaNullableString(compact: Bool) throws(KafkaDecodingError) -> String? {
        let start = readerIndex
        guard let length = try readKafkaLength(compact: compact, wide: false) else { return nil }
        return try readKafkaUTF8(length: length, start: start)
    }

    /// Writes a non-null string; throws if a classic (int16-prefixed) string would exceed 32767 bytes.
    @inlinable
    public mutating func writeKafkaString(_ value: String, compact: Bool) throws(KafkaEncodingError) {
        let length = value.utf8.count
        if !compact && length > Int(Int16.max) {
            throw KafkaEncodingError(reason: .tooLong(length), message: "string", field: nil, version: -1)  // the generated caller has no context to add cheaply
        }
        writeKafkaLength(length, compact: compact, wide: false)
        writeString(value)
    }

    @inlinable
    public mutating func writeKafkaNullableString(_ value: String?, compact: Bool) throws(KafkaEncodingError) {
        guard let value else {
            writeKafkaLength(nil, compact: compact, wide: false)
            return
        }
        try writeKafkaString(value, compact: compact)
    }

    /// Reads non-null bytes as a slice of this buffer (no copy).
    @inlinable
    public mutating func readKafkaBytes(compact: Bool) throws(KafkaDecodingError) -> ByteBuffer {
        let start = readerIndex
        guard let bytes = try readKafkaNullableBytes(compact: compact) else {
            throw KafkaDecodingError(reason: .unexpectedNull, offset: start)
        }
        return bytes
    }

    /// Reads bytes that may be null, as a slice of this buffer (no copy).
    @inlinable
    public mutating func readKafkaNullableBytes(compact: Bool) throws(KafkaDecodingError) -> ByteBuffer? {
        let start = readerIndex
        guard let length = try readKafkaLength(compact: compact, wide: true) else { return nil }
        guard let slice = readSlice(length: length) else {
            throw KafkaDecodingError(reason: .truncated(needed: length, available: readableBytes), offset: start)
        }
        return slice
    }

    @inlinable
    public mutating func writeKafkaBytes(_ value: ByteBuffer, compact: Bool) {
        writeKafkaLength(value.readableBytes, compact: compact, wide: true)
        writeImmutableBuffer(value)
    }

    @inlinable
    public mutating func writeKafkaNullableBytes(_ value: ByteBuffer?, compact: Bool) {
        guard let value else {
            writeKafkaLength(nil, compact: compact, wide: true)
            return
        }
        writeKafkaBytes(value, compact: compact)
    }
}
