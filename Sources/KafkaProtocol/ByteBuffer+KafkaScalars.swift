import NIOCore

// Fixed-width scalars: big-endian integers, booleans as one byte, float64 as IEEE 754 bits, and UUIDs.

extension ByteBuffer {
    /// Reads a big-endian integer, throwing if the buffer is too short.
    @inlinable
    public mutating func readKafkaInteger<T: FixedWidthInteger>(as type: T.Type) throws(KafkaDecodingError) -> T {
        guard let value = readInteger(endianness: .big, as: T.self) else {
            throw KafkaDecodingError(
                reason: .truncated(needed: MemoryLayout<T>.size, available: readableBytes), offset: readerIndex)
        }
        return value
    }

    /// Reads a boolean; like Kafka, any non-zero byte is true.
    @inlinable
    public mutating func readKafkaBool() throws(KafkaDecodingError) -> Bool {
        try readKafkaInteger(as: UInt8.self) != 0
    }

    @inlinable
    public mutating func writeKafkaBool(_ value: Bool) {
        writeInteger(value ? UInt8(1) : UInt8(0))
    }

    @inlinable
    public mutating func readKafkaFloat64() throws(KafkaDecodingError) -> Double {
        Double(bitPattern: try readKafkaInteger(as: UInt64.self))
    }

    @inlinable
    public mutating func writeKafkaFloat64(_ value: Double) {
        writeInteger(value.bitPattern)
    }

    @inlinable
    public mutating func readKafkaUUID() throws(KafkaDecodingError) -> KafkaUUID {
        guard readableBytes >= 16 else {
            throw KafkaDecodingError(reason: .truncated(needed: 16, available: readableBytes), offset: readerIndex)
        }
        let high = try readKafkaInteger(as: UInt64.self)
        let low = try readKafkaInteger(as: UInt64.self)
        return KafkaUUID(mostSignificantBits: high, leastSignificantBits: low)
    }

    @inlinable
    public mutating func writeKafkaUUID(_ value: KafkaUUID) {
        writeInteger(value.mostSignificantBits)
        writeInteger(value.leastSignificantBits)
    }
}
