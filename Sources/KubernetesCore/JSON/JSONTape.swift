/// One JSON value in a flat tape: what `KubernetesJSONDecoder` decodes from instead of a tree.
///
/// A document becomes an array of entries in document order. An object's entry is followed by its
/// members (a key entry, then the value's entries), an array's by its elements, and a container knows
/// the index just past its last entry, so a whole subtree is skipped in one step. Keys and strings stay
/// byte ranges of the document until a type asks for a `String`, and numbers are stored already parsed.
struct JSONTapeEntry {
    enum Kind: UInt8 {
        case null, bool, integer, double, string, array, object
    }

    var kind: Kind
    /// For strings: the bytes contain escapes, so they are not the string's UTF-8 as they are.
    var hasEscapes: Bool
    /// Strings: the first byte after the opening quote. Other kinds: the value's first byte.
    var start: UInt32
    /// Strings: the offset of the closing quote. Arrays and objects: the index of the entry after the
    /// container's last entry.
    var end: UInt32
    /// Arrays: the number of elements; objects: the number of members.
    var count: UInt32
    /// Integers: the value's bit pattern; doubles: the `Double`'s bits; booleans: 0 or 1.
    var payload: UInt64

    @inline(__always)
    var isContainer: Bool { kind == .array || kind == .object }

    static func scalar(_ kind: Kind, at start: Int, payload: UInt64 = 0) -> JSONTapeEntry {
        JSONTapeEntry(kind: kind, hasEscapes: false, start: UInt32(truncatingIfNeeded: start), end: 0, count: 0, payload: payload)
    }
}

/// Building the tape: the same strict RFC 8259 checks as `JSONParser`, without building values.
extension JSONReader {
    /// Scans one whole document into `tape`, then appends one `null` entry that decoders use for
    /// values that are absent from the document (`superDecoder` of a missing key).
    mutating func scanDocument(into tape: inout [JSONTapeEntry]) throws(JSONParseError) {
        // Offsets are stored in 32 bits; no API server response comes near 4 GiB.
        guard bytes.count < Int(UInt32.max) else {
            throw error("the document is larger than 4 GiB", at: 0)
        }
        skipWhitespace()
        try scanValue(into: &tape)
        skipWhitespace()
        if index < bytes.count {
            throw error("unexpected \(describeCurrentByte()) after the end of the document")
        }
        tape.append(.scalar(.null, at: bytes.count))
    }

    private mutating func scanValue(into tape: inout [JSONTapeEntry]) throws(JSONParseError) {
        guard index < bytes.count else { throw error("expected a value, found end of input") }
        let start = index
        switch bytes[index] {
        case UInt8(ascii: "{"): try scanObject(into: &tape)
        case UInt8(ascii: "["): try scanArray(into: &tape)
        case UInt8(ascii: "\""): tape.append(try scanString())
        case UInt8(ascii: "t"): try readLiteral("true"); tape.append(.scalar(.bool, at: start, payload: 1))
        case UInt8(ascii: "f"): try readLiteral("false"); tape.append(.scalar(.bool, at: start, payload: 0))
        case UInt8(ascii: "n"): try readLiteral("null"); tape.append(.scalar(.null, at: start))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            switch try readNumber() {
            case .integer(let number): tape.append(.scalar(.integer, at: start, payload: UInt64(bitPattern: number)))
            case .double(let number): tape.append(.scalar(.double, at: start, payload: number.bitPattern))
            default: throw error("expected a number", at: start)
            }
        default: throw error("expected a value, found \(describeCurrentByte())")
        }
    }

    private mutating func scanObject(into tape: inout [JSONTapeEntry]) throws(JSONParseError) {
        try enter()
        let entry = tape.count
        tape.append(.scalar(.object, at: index))
        index += 1
        skipWhitespace()
        var count: UInt32 = 0
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
        } else {
            members: while true {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw error("expected a string key in an object, found \(describeCurrentByte())")
                }
                let key = try scanString()
                tape.append(key)
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                    let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[Int(key.start)..<Int(key.end)]), as: UTF8.self)
                    throw error("expected ':' after the object key \"\(name)\", found \(describeCurrentByte())")
                }
                index += 1
                skipWhitespace()
                try scanValue(into: &tape)
                count += 1
                skipWhitespace()
                guard index < bytes.count else { throw error("unterminated object, expected ',' or '}'") }
                switch bytes[index] {
                case UInt8(ascii: ","):
                    index += 1
                    skipWhitespace()
                case UInt8(ascii: "}"):
                    index += 1
                    break members
                default:
                    throw error("expected ',' or '}' in an object, found \(describeCurrentByte())")
                }
            }
        }
        depth -= 1
        tape[entry].count = count
        tape[entry].end = UInt32(truncatingIfNeeded: tape.count)
    }

    private mutating func scanArray(into tape: inout [JSONTapeEntry]) throws(JSONParseError) {
        try enter()
        let entry = tape.count
        tape.append(.scalar(.array, at: index))
        index += 1
        skipWhitespace()
        var count: UInt32 = 0
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
        } else {
            elements: while true {
                try scanValue(into: &tape)
                count += 1
                skipWhitespace()
                guard index < bytes.count else { throw error("unterminated array, expected ',' or ']'") }
                switch bytes[index] {
                case UInt8(ascii: ","):
                    index += 1
                    skipWhitespace()
                case UInt8(ascii: "]"):
                    index += 1
                    break elements
                default:
                    throw error("expected ',' or ']' in an array, found \(describeCurrentByte())")
                }
            }
        }
        depth -= 1
        tape[entry].count = count
        tape[entry].end = UInt32(truncatingIfNeeded: tape.count)
    }

    /// Checks a string starting at its opening quote and records its byte range. Strings with escapes
    /// (rare outside managedFields keys) are checked by decoding them once, and decoded again on use.
    private mutating func scanString() throws(JSONParseError) -> JSONTapeEntry {
        let start = index + 1
        var cursor = start
        var nonASCII: UInt8 = 0
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") {
                if nonASCII & 0x80 != 0 {
                    let invalid = firstInvalidUTF8(in: start..<cursor)
                    if invalid < cursor { throw error("invalid UTF-8 in a string", at: invalid) }
                }
                index = cursor + 1
                return JSONTapeEntry(
                    kind: .string, hasEscapes: false, start: UInt32(truncatingIfNeeded: start),
                    end: UInt32(truncatingIfNeeded: cursor), count: 0, payload: 0)
            }
            if byte == UInt8(ascii: "\\") {
                index = cursor
                _ = try readEscapedString(from: start)
                return JSONTapeEntry(
                    kind: .string, hasEscapes: true, start: UInt32(truncatingIfNeeded: start),
                    end: UInt32(truncatingIfNeeded: index - 1), count: 0, payload: 0)
            }
            if byte < 0x20 { throw error("unescaped control character 0x\(String(byte, radix: 16)) in a string", at: cursor) }
            nonASCII |= byte
            cursor += 1
        }
        throw error("unterminated string", at: index)
    }
}
