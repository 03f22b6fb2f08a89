import NIOCore

/// A growable byte buffer that every generated encoder writes into.
///
/// Why not write into a `ByteBuffer` directly: each `ByteBuffer` write goes through its storage class with a
/// dynamic exclusivity check, a uniqueness check and a capacity check — about two thirds of encoding a large
/// Metadata response. A writer is a raw pointer, a capacity and a count, so a write is one capacity check and
/// one store. `ByteBuffer.writeWithKafkaWriter(_:)` appends what a writer wrote to a buffer.
public struct KafkaWriter: ~Copyable {
    @usableFromInline var base: UnsafeMutableRawPointer
    @usableFromInline var capacity: Int
    /// The number of bytes written so far.
    @usableFromInline var written: Int

    /// The number of bytes written so far.
    @inlinable
    public var count: Int { written }

    /// A writer with room for `capacity` bytes before it first grows.
    @inlinable
    public init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        self.base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 16)
        self.written = 0
    }

    deinit { base.deallocate() }

    /// Makes room for `byteCount` more bytes.
    @inlinable @inline(__always)
    mutating func reserve(_ byteCount: Int) {
        if capacity &- written < byteCount { grow(toFit: byteCount) }
    }

    /// Doubles the storage (or more, for a large write); out of line, since it is rare.
    @usableFromInline @inline(never)
    mutating func grow(toFit byteCount: Int) {
        let newCapacity = max(capacity * 2, written + byteCount)
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        newBase.copyMemory(from: base, byteCount: written)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Writes a big-endian integer.
    @inlinable @inline(__always)
    public mutating func writeInteger<T: FixedWidthInteger>(_ value: T) {
        reserve(MemoryLayout<T>.size)
        base.storeBytes(of: value.bigEndian, toByteOffset: written, as: T.self)
        written &+= MemoryLayout<T>.size
    }

    /// Writes raw bytes.
    @inlinable
    public mutating func writeBytes(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + written).copyMemory(from: source, byteCount: bytes.count)
        written &+= bytes.count
    }

    /// Writes the readable bytes of `buffer`.
    @inlinable
    public mutating func writeBuffer(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { writeBytes($0) }
    }

    /// Overwrites the big-endian integer at `offset`, which must already be written (a size prefix).
    @inlinable
    public mutating func setInteger<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= written, "setInteger beyond what was written")
        base.storeBytes(of: value.bigEndian, toByteOffset: offset, as: T.self)
    }

    /// The bytes written so far, valid during `body` only.
    @inlinable
    public func withUnsafeWrittenBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: written))
    }
}

extension ByteBuffer {
    /// Runs `body` with a writer and appends what it wrote to this buffer. The writer starts with room for
    /// this buffer's free capacity, so a buffer reserved for the message is written with one copy.
    @inlinable
    public mutating func writeWithKafkaWriter<Result>(_ body: (inout KafkaWriter) throws -> Result) rethrows -> Result {
        var writer = KafkaWriter(capacity: max(writableBytes, 256))
        let result = try body(&writer)
        writer.withUnsafeWrittenBytes { _ = writeBytes($0) }
        return result
    }
}
