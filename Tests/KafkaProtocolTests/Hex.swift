import NIOCore

/// Bytes from a hex string; spaces, newlines and `|` (used to separate fields in vectors) are ignored.
func bytes(_ hex: String) -> ByteBuffer {
    let digits = hex.filter { $0.isHexDigit }
    var result: [UInt8] = []
    var index = digits.startIndex
    while index < digits.endIndex {
        let next = digits.index(index, offsetBy: 2)
        result.append(UInt8(digits[index..<next], radix: 16) ?? 0)
        index = next
    }
    return ByteBuffer(bytes: result)
}

/// The bytes of `string` as UTF-8 hex, to spell string contents in vectors readably.
func utf8(_ string: String) -> String {
    string.utf8.map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
}

func hex(_ buffer: ByteBuffer) -> String {
    buffer.readableBytesView.map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }.joined(separator: " ")
}
