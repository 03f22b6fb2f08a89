import NIOCore

/// A cursor over the readable bytes of a `ByteBuffer`, which every generated decoder reads from.
///
/// Why not read the `ByteBuffer` directly: each `ByteBuffer` read goes through its storage class, with a
/// dynamic exclusivity check, a retain and a release — about 120–130 instructions per integer, most of the
/// decode time of a large Metadata response. A reader is a raw pointer, a position and a limit, so a read is
/// one bounds check and one load.
///
/// A reader exists only inside `ByteBuffer.withKafkaReader(_:)`: its pointer is valid for that call alone,
/// so never store a reader or let it escape the closure.
public struct KafkaReader {
    /// The first readable byte of `owner`.
    @usableFromInline let base: UnsafeRawPointer
    /// The offset (from `base`) one past the last byte this reader may read.
    @usableFromInline let limit: Int
    /// The offset (from `base`) of the next byte to read.
    @usableFromInline var position: Int
    /// The buffer the bytes belong to: bytes fields and unknown tagged fields become slices of it (no copy).
    @usableFromInline let owner: ByteBuffer

    @inlinable
    init(base: UnsafeRawPointer, limit: Int, position: Int, owner: ByteBuffer) {
        self.base = base
        self.limit = limit
        self.position = position
        self.owner = owner
    }

    /// The number of bytes left to read.
    @inlinable
    public var readableBytes: Int { limit &- position }

    /// The position as a reader index of the underlying buffer, which is what errors report.
    @inlinable
    public var offset: Int { owner.readerIndex &+ position }

    /// Throws unless `count` more bytes can be read.
    @inlinable @inline(__always)
    func require(_ count: Int) throws(KafkaDecodingError) {
        guard count <= limit &- position else { throw truncated(needing: count) }
    }

    /// The error for a read of `count` bytes past the end; out of line so the inlined reads stay small.
    @usableFromInline @inline(never)
    func truncated(needing count: Int) -> KafkaDecodingError {
        KafkaDecodingError(reason: .truncated(needed: count, available: readableBytes), offset: offset)
    }

    /// The next `count` bytes, which the caller has checked are there, without moving past them.
    @inlinable
    func peekBytes(_ count: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base + position, count: count)
    }

    /// The next `count` bytes as a slice of the underlying buffer (no copy), moving past them.
    @inlinable
    mutating func readSlice(_ count: Int) throws(KafkaDecodingError) -> ByteBuffer {
        try require(count)
        // `getSlice` only fails outside the readable bytes, which `require` has ruled out.
        let slice = owner.getSlice(at: offset, length: count) ?? ByteBuffer()
        position &+= count
        return slice
    }

    /// A reader of the next `count` bytes alone (a tagged field's data), moving this reader past them.
    @inlinable
    mutating func readSubReader(_ count: Int) throws(KafkaDecodingError) -> KafkaReader {
        try require(count)
        let sub = KafkaReader(base: base, limit: position &+ count, position: position, owner: owner)
        position &+= count
        return sub
    }

    /// The bytes not read yet, as a slice of the underlying buffer.
    @inlinable
    public var remainingBytes: ByteBuffer {
        owner.getSlice(at: offset, length: readableBytes) ?? ByteBuffer()
    }
}

extension ByteBuffer {
    /// Runs `body` with a reader over this buffer's readable bytes and moves the reader index past what it
    /// read. On error the reader index is left where it was.
    @inlinable
    public mutating func withKafkaReader<Result>(_ body: (inout KafkaReader) throws -> Result) throws -> Result {
        let owner = self
        let (result, consumed) = try owner.withUnsafeReadableBytes { bytes -> (Result, Int) in
            // An empty buffer may have no storage pointer; any non-null address is fine to read zero bytes at.
            let base = bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
            var reader = KafkaReader(base: base, limit: bytes.count, position: 0, owner: owner)
            let result = try body(&reader)
            return (result, reader.position)
        }
        moveReaderIndex(forwardBy: consumed)
        return result
    }
}
