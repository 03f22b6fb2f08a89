/// Reads protocol buffers' wire format: a sequence of fields, each a key (field number and wire type, as a
/// varint) followed by a varint, a 64-bit or 32-bit little-endian value, or a length-delimited byte run.
struct ProtobufWireReader {
    /// One field as it appears on the wire.
    enum Value {
        case varint(UInt64)
        case fixed64(UInt64)
        case fixed32(UInt32)
        case bytes(ArraySlice<UInt8>)
    }

    struct Malformed: Error {
        var reason: String
    }

    private let bytes: ArraySlice<UInt8>
    private var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    /// The next field, or nil at the end of the message.
    mutating func next() throws(Malformed) -> (number: Int, value: Value)? {
        guard index < bytes.endIndex else { return nil }
        let key = try varint()
        let number = Int(key >> 3)
        guard number > 0 else { throw Malformed(reason: "field number 0") }
        switch key & 7 {
        case 0: return (number, .varint(try varint()))
        case 1: return (number, .fixed64(UInt64(littleEndianBytes: try take(8))))
        case 2:
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - index) else { throw Malformed(reason: "field \(number) is longer than the message") }
            return (number, .bytes(try take(Int(length))))
        case 5: return (number, .fixed32(UInt32(truncatingIfNeeded: UInt64(littleEndianBytes: try take(4)))))
        default: throw Malformed(reason: "field \(number) has wire type \(key & 7), which Kubernetes objects do not use")
        }
    }

    private mutating func varint() throws(Malformed) -> UInt64 {
        var result: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            guard index < bytes.endIndex else { throw Malformed(reason: "truncated varint") }
            let byte = bytes[index]
            index += 1
            result |= UInt64(byte & 0x7F) << UInt64(shift)
            if byte < 0x80 { return result }
        }
        throw Malformed(reason: "varint longer than 10 bytes")
    }

    private mutating func take(_ count: Int) throws(Malformed) -> ArraySlice<UInt8> {
        guard count <= bytes.endIndex - index else { throw Malformed(reason: "truncated field") }
        defer { index += count }
        return bytes[index..<(index + count)]
    }
}

extension UInt64 {
    /// The value of up to 8 little-endian bytes.
    init(littleEndianBytes bytes: ArraySlice<UInt8>) {
        var value: UInt64 = 0
        for (shift, byte) in bytes.enumerated() { value |= UInt64(byte) << UInt64(8 * shift) }
        self = value
    }
}
