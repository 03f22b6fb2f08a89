import NIOCore

// Strings and byte sequences, written by a KafkaWriter. Classic encodings prefix an int16 (strings) or
// int32 (bytes) length with -1 for null; compact encodings (flexible versions) prefix an unsigned varint of
// length + 1 with 0 for null. KafkaReader+Strings.swift reads them.

extension KafkaWriter {
    @inlinable @inline(__always)
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

    /// Writes a non-null string; throws if a classic (int16-prefixed) string would exceed 32767 bytes.
    @inlinable
    public mutating func writeKafkaString(_ value: String, compact: Bool) throws(KafkaEncodingError) {
        var value = value
        // Native strings know their UTF-8 length without a scan.
        let length = value.utf8.count
        if !compact && length > Int(Int16.max) {
            // The generated caller has no context to add cheaply.
            throw KafkaEncodingError(reason: .tooLong(length), message: "string", field: nil, version: -1)
        }
        writeKafkaLength(length, compact: compact, wide: false)
        value.withUTF8 { writeBytes(UnsafeRawBufferPointer($0)) }
    }

    @inlinable
    public mutating func writeKafkaNullableString(_ value: String?, compact: Bool) throws(KafkaEncodingError) {
        guard let value else {
            writeKafkaLength(nil, compact: compact, wide: false)
            return
        }
        try writeKafkaString(value, compact: compact)
    }

    @inlinable
    public mutating func writeKafkaBytes(_ value: ByteBuffer, compact: Bool) {
        writeKafkaLength(value.readableBytes, compact: compact, wide: true)
        writeBuffer(value)
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
