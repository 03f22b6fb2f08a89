import NIOCore

// Fixed-width scalars: big-endian integers (ByteBuffer.writeInteger), booleans as one byte, float64 as
// IEEE 754 bits, and UUIDs as two big-endian 64-bit halves. KafkaReader+Scalars.swift reads them.

extension ByteBuffer {
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
}
