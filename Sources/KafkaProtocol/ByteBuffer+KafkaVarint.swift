import NIOCore

// Kafka's variable-length integers (KIP-482 and the record format): unsigned varints are base-128, least
// significant group first; signed varint/varlong zig-zag first so small negative numbers stay short.
// KafkaReader+Scalars.swift reads them.

extension ByteBuffer {
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

    /// Writes a zig-zag signed varint (32-bit).
    @inlinable
    public mutating func writeKafkaVarint(_ value: Int32) {
        let zigzag = UInt32(bitPattern: (value << 1) ^ (value >> 31))
        writeKafkaUnsignedVarlong(UInt64(zigzag))
    }

    /// Writes a zig-zag signed varlong (64-bit).
    @inlinable
    public mutating func writeKafkaVarlong(_ value: Int64) {
        writeKafkaUnsignedVarlong(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }
}
