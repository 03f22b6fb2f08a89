import NIOCore

// Kafka's variable-length integers (KIP-482 and the record format): unsigned varints are base-128, least
// significant group first; signed varint/varlong zig-zag first so small negative numbers stay short.

extension ByteBuffer {
    /// Reads an unsigned varint of at most 5 bytes (a 32-bit value).
    @inlinable
    public mutating func readKafkaUnsignedVarint() throws(KafkaDecodingError) -> UInt32 {
        // Fast path: most lengths and counts fit in one byte.
        if let first = getInteger(at: readerIndex, as: UInt8.self), first < 0x80 {
            moveReaderIndex(forwardBy: 1)
            return UInt32(first)
        }
        let value = try readKafkaUnsignedVarlong(maxBytes: 5)
        guard value <= UInt64(UInt32.max) else {
            throw KafkaDecodingError(reason: .varintTooLong, offset: readerIndex)
        }
        return UInt32(value)
    }

    /// Reads an unsigned base-128 value of at most `maxBytes` bytes.
    @inlinable
    mutating func readKafkaUnsignedVarlong(maxBytes: Int) throws(KafkaDecodingError) -> UInt64 {
        let start = readerIndex
        var result: UInt64 = 0
        var shift: UInt64 = 0
        for index in 0..<maxBytes {
            guard let byte = getInteger(at: start + index, as: UInt8.self) else {
                throw KafkaDecodingError(reason: .truncated(needed: index + 1, available: index), offset: start)
            }
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                moveReaderIndex(forwardBy: index + 1)
                return result
            }
            shift += 7
        }
        throw KafkaDecodingError(reason: .varintTooLong, offset: start)
    }

    /// Writes an unsigned varint.
    @inlinable
    public mutating func writeKafkaUnsignedVarint(_ value: UInt32) {
        writeKafkaUnsignedVarlong(UInt64(value))
    }

    @inlinable
    mutating func writeKafkaUnsignedVarlong(_ value: UInt64) {
        var remaining = value
        while remaining >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: remaining) | 0x80)
            remaining >>= 7
        }
        writeInteger(UInt8(truncatingIfNeeded: remaining))
    }

    /// Reads a zig-zag signed varint (32-bit).
    @inlinable
    public mutating func readKafkaVarint() throws(KafkaDecodingError) -> Int32 {
        let raw = try readKafkaUnsignedVarlong(maxBytes: 5)
        guard raw <= UInt64(UInt32.max) else { throw KafkaDecodingError(reason: .varintTooLong, offset: readerIndex) }
        let bits = UInt32(raw)
        return Int32(bitPattern: (bits >> 1) ^ (0 &- (bits & 1)))
    }

    /// Writes a zig-zag signed varint (32-bit).
    @inlinable
    public mutating func writeKafkaVarint(_ value: Int32) {
        let zigzag = UInt32(bitPattern: (value << 1) ^ (value >> 31))
        writeKafkaUnsignedVarlong(UInt64(zigzag))
    }

    /// Reads a zig-zag signed varlong (64-bit).
    @inlinable
    public mutating func readKafkaVarlong() throws(KafkaDecodingError) -> Int64 {
        let bits = try readKafkaUnsignedVarlong(maxBytes: 10)
        return Int64(bitPattern: (bits >> 1) ^ (0 &- (bits & 1)))
    }

    /// Writes a zig-zag signed varlong (64-bit).
    @inlinable
    public mutating func writeKafkaVarlong(_ value: Int64) {
        writeKafkaUnsignedVarlong(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }
}
