// Fixed-width scalars and variable-length integers, read from a KafkaReader. Their encodings are described
// beside the writers in ByteBuffer+KafkaScalars.swift and ByteBuffer+KafkaVarint.swift.

extension KafkaReader {
    /// Reads a big-endian integer, throwing if too few bytes are left.
    @inlinable @inline(__always)
    public mutating func readKafkaInteger<T: FixedWidthInteger>(as type: T.Type) throws(KafkaDecodingError) -> T {
        try require(MemoryLayout<T>.size)
        let value = T(bigEndian: base.loadUnaligned(fromByteOffset: position, as: T.self))
        position &+= MemoryLayout<T>.size
        return value
    }

    /// Reads a boolean; like Kafka, any non-zero byte is true.
    @inlinable @inline(__always)
    public mutating func readKafkaBool() throws(KafkaDecodingError) -> Bool {
        try readKafkaInteger(as: UInt8.self) != 0
    }

    @inlinable
    public mutating func readKafkaFloat64() throws(KafkaDecodingError) -> Double {
        Double(bitPattern: try readKafkaInteger(as: UInt64.self))
    }

    @inlinable
    public mutating func readKafkaUUID() throws(KafkaDecodingError) -> KafkaUUID {
        try require(16)
        let high = try readKafkaInteger(as: UInt64.self)
        let low = try readKafkaInteger(as: UInt64.self)
        return KafkaUUID(mostSignificantBits: high, leastSignificantBits: low)
    }

    /// Reads an unsigned varint of at most 5 bytes (a 32-bit value).
    @inlinable @inline(__always)
    public mutating func readKafkaUnsignedVarint() throws(KafkaDecodingError) -> UInt32 {
        // Fast path: most lengths and counts fit in one byte.
        if position < limit {
            let first = base.load(fromByteOffset: position, as: UInt8.self)
            if first < 0x80 {
                position &+= 1
                return UInt32(first)
            }
        }
        return try readKafkaMultiByteUnsignedVarint()
    }

    /// The rest of `readKafkaUnsignedVarint`, out of line: values of 128 and more are rare.
    @usableFromInline @inline(never)
    mutating func readKafkaMultiByteUnsignedVarint() throws(KafkaDecodingError) -> UInt32 {
        let start = offset
        let value = try readKafkaUnsignedVarlong(maxBytes: 5)
        guard value <= UInt64(UInt32.max) else { throw KafkaDecodingError(reason: .varintTooLong, offset: start) }
        return UInt32(value)
    }

    /// Reads an unsigned base-128 value of at most `maxBytes` bytes.
    @inlinable
    mutating func readKafkaUnsignedVarlong(maxBytes: Int) throws(KafkaDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        for index in 0..<maxBytes {
            guard position &+ index < limit else {
                throw KafkaDecodingError(reason: .truncated(needed: index + 1, available: index), offset: offset)
            }
            let byte = base.load(fromByteOffset: position &+ index, as: UInt8.self)
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                position &+= index &+ 1
                return result
            }
            shift += 7
        }
        throw KafkaDecodingError(reason: .varintTooLong, offset: offset)
    }

    /// Reads a zig-zag signed varint (32-bit).
    @inlinable
    public mutating func readKafkaVarint() throws(KafkaDecodingError) -> Int32 {
        let start = offset
        let raw = try readKafkaUnsignedVarlong(maxBytes: 5)
        guard raw <= UInt64(UInt32.max) else { throw KafkaDecodingError(reason: .varintTooLong, offset: start) }
        let bits = UInt32(raw)
        return Int32(bitPattern: (bits >> 1) ^ (0 &- (bits & 1)))
    }

    /// Reads a zig-zag signed varlong (64-bit).
    @inlinable
    public mutating func readKafkaVarlong() throws(KafkaDecodingError) -> Int64 {
        let bits = try readKafkaUnsignedVarlong(maxBytes: 10)
        return Int64(bitPattern: (bits >> 1) ^ (0 &- (bits & 1)))
    }
}
