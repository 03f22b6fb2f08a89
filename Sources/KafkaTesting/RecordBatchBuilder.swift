import KafkaProtocol
import NIOCore

/// Builds valid v2 record batches (magic 2, CRC-32C over attributes onwards), so that tests and the
/// sandbox can put records into the simulated cluster that any real consumer accepts.
public enum RecordBatchBuilder {
    /// One uncompressed batch holding `values` as records with null keys and no headers.
    public static func batch(values: [[UInt8]], timestampMs: Int64 = 0) -> ByteBuffer {
        var records = ByteBuffer()
        for (index, value) in values.enumerated() {
            var record = ByteBuffer()
            record.writeWithKafkaWriter { record in
                record.writeInteger(Int8(0))  // attributes
                record.writeKafkaVarlong(0)  // timestamp delta
                record.writeKafkaVarint(Int32(index))  // offset delta
                record.writeKafkaVarint(-1)  // null key
                record.writeKafkaVarint(Int32(value.count))
                value.withUnsafeBytes { record.writeBytes($0) }
                record.writeKafkaVarint(0)  // no headers
            }
            records.writeWithKafkaWriter { $0.writeKafkaVarint(Int32(record.readableBytes)) }
            records.writeBuffer(&record)
        }
        // The CRC covers everything from the attributes to the end.
        var covered = ByteBuffer()
        covered.writeInteger(Int16(0))  // attributes: no compression, CreateTime
        covered.writeInteger(Int32(max(0, values.count - 1)))  // last offset delta
        covered.writeInteger(timestampMs)  // first timestamp
        covered.writeInteger(timestampMs)  // max timestamp
        covered.writeInteger(Int64(-1))  // producer id
        covered.writeInteger(Int16(-1))  // producer epoch
        covered.writeInteger(Int32(-1))  // base sequence
        covered.writeInteger(Int32(values.count))
        covered.writeBuffer(&records)

        var batch = ByteBuffer()
        batch.writeInteger(Int64(0))  // base offset: the broker assigns it
        batch.writeInteger(Int32(4 + 1 + 4 + covered.readableBytes))  // batch length after this field
        batch.writeInteger(Int32(-1))  // partition leader epoch
        batch.writeInteger(Int8(2))  // magic
        batch.writeInteger(CRC32C.checksum(covered.readableBytesView))
        batch.writeBuffer(&covered)
        return batch
    }
}

/// CRC-32C (Castagnoli), the checksum of Kafka's v2 record batches.
enum CRC32C {
    static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        return crc
    }

    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
