import NIOCore

/// The fixed header of a v2 record batch (magic 2): enough to count records, check idempotent sequences and
/// rewrite the base offset on append. Offsets and the leader epoch are outside the CRC (which covers
/// attributes onwards), so rewriting them keeps the batch valid.
struct RecordBatchHeader: Sendable, Hashable {
    static let size = 61
    static let baseOffsetPosition = 0
    static let partitionLeaderEpochPosition = 12

    var baseOffset: Int64
    var batchLength: Int32
    var magic: Int8
    var lastOffsetDelta: Int32
    var producerId: Int64
    var producerEpoch: Int16
    var baseSequence: Int32
    var recordCount: Int32

    /// Bytes of the whole batch (the 12-byte offset and length prefix plus `batchLength`).
    var totalSize: Int { 12 + Int(batchLength) }

    /// Reads the header at `offset` of `buffer` (relative to its reader index).
    init(from buffer: ByteBuffer, at offset: Int) throws(SimulatedKafkaError) {
        let base = buffer.readerIndex + offset
        guard buffer.readableBytes - offset >= Self.size,
            let baseOffset = buffer.getInteger(at: base, as: Int64.self),
            let batchLength = buffer.getInteger(at: base + 8, as: Int32.self),
            let magic = buffer.getInteger(at: base + 16, as: Int8.self),
            let lastOffsetDelta = buffer.getInteger(at: base + 23, as: Int32.self),
            let producerId = buffer.getInteger(at: base + 43, as: Int64.self),
            let producerEpoch = buffer.getInteger(at: base + 51, as: Int16.self),
            let baseSequence = buffer.getInteger(at: base + 53, as: Int32.self),
            let recordCount = buffer.getInteger(at: base + 57, as: Int32.self)
        else {
            throw SimulatedKafkaError(.corruptMessage, "Record batch at byte \(offset) is shorter than the 61-byte v2 batch header")
        }
        guard magic == 2 else {
            throw SimulatedKafkaError(.unsupportedForMessageFormat, "Record batch at byte \(offset) has magic \(magic); only v2 batches (magic 2) are accepted")
        }
        guard batchLength >= Int32(Self.size - 12), buffer.readableBytes - offset >= 12 + Int(batchLength), recordCount >= 0 else {
            throw SimulatedKafkaError(.corruptMessage, "Record batch at byte \(offset) declares length \(batchLength) beyond the \(buffer.readableBytes - offset) bytes sent")
        }
        self.baseOffset = baseOffset
        self.batchLength = batchLength
        self.magic = magic
        self.lastOffsetDelta = lastOffsetDelta
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.recordCount = recordCount
    }

    /// Splits a records field into its batches.
    static func batches(in records: ByteBuffer) throws(SimulatedKafkaError) -> [(header: RecordBatchHeader, bytes: ByteBuffer)] {
        var result: [(RecordBatchHeader, ByteBuffer)] = []
        var offset = 0
        while offset < records.readableBytes {
            let header = try RecordBatchHeader(from: records, at: offset)
            guard let slice = records.getSlice(at: records.readerIndex + offset, length: header.totalSize) else {
                throw SimulatedKafkaError(.corruptMessage, "Record batch at byte \(offset) is truncated")
            }
            result.append((header, slice))
            offset += header.totalSize
        }
        return result
    }
}
