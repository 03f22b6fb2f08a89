// Fixed-width scalars and variable-length integers, written by a KafkaWriter. Integers are big-endian
// (`writeInteger`), booleans one byte, float64 its IEEE 754 bits, UUIDs two big-endian 64-bit halves.
// Kafka's varints (KIP-482 and the record format) are base-128, least significant group first; signed
// ones zig-zag first so small negative numbers stay short. KafkaReader+Scalars.swift reads them.

extension KafkaWriter {
    @inlinable
    public mutating func writeKafkaBool(_ value: Bool) {
        writeInteger(value ? UInt8(1) : UInt8(0))
    }

    @inlinable
    public mutating func writeKafkaFloat64(_ value: Double) {
        writeInteger(value.bitPattern)
    }

    @inlinable
    public mutating func writeKafkaUUID(_ value: KafkaUUID) {
        writeInteger(value.mostSignificantBits)
        writeInteger(value.leastSignificantBits)
    }

    /// Writes an unsigned varint.
    @inlinable @inline(__always)
    public mutating func writeKafkaUnsignedVarint(_ value: UInt32) {
        // Fast path: most lengths and counts fit in one byte.
        if value < 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: value))
        } else {
            writeKafkaUnsignedVarlong(UInt64(value))
        }
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
