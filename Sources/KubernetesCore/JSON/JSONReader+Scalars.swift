/// Strings and numbers: the hot paths of parsing Kubernetes objects.
extension JSONReader {
    /// Reads a string starting at its opening quote. Strings without escapes (nearly all of them) are
    /// copied once; ASCII-only ones skip UTF-8 validation because ASCII is always valid.
    mutating func readString() throws(JSONParseError) -> String {
        let start = index + 1
        var cursor = start
        var nonASCII: UInt8 = 0
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") {
                index = cursor + 1
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<cursor])
                if nonASCII & 0x80 == 0 { return String(decoding: slice, as: UTF8.self) }
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw error("invalid UTF-8 in a string", at: firstInvalidUTF8(in: start..<cursor))
                }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("unescaped control character 0x\(String(byte, radix: 16)) in a string", at: cursor) }
            nonASCII |= byte
            cursor += 1
        }
        guard cursor < bytes.count else { throw error("unterminated string", at: index) }
        index = cursor
        return try readEscapedString(from: start)
    }

    /// The slow path: the string has escapes, so it is assembled in `scratch`.
    mutating func readEscapedString(from start: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        var nonASCII = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                if !nonASCII { return String(decoding: scratch, as: UTF8.self) }
                guard let text = String(validating: scratch, as: UTF8.self) else {
                    throw error("invalid UTF-8 in a string", at: firstInvalidUTF8(in: start..<(index - 1)))
                }
                return text
            case UInt8(ascii: "\\"):
                try readEscape()
            case 0..<0x20:
                throw error("unescaped control character 0x\(String(byte, radix: 16)) in a string")
            default:
                if byte >= 0x80 { nonASCII = true }
                scratch.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func readEscape() throws(JSONParseError) {
        let escapeStart = index
        index += 1
        guard index < bytes.count else { throw error("unterminated escape sequence", at: escapeStart) }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4(escapeStart: escapeStart)
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error("high surrogate \\u\(String(scalar, radix: 16, uppercase: true)) is not followed by a low surrogate", at: escapeStart)
                }
                index += 2
                let low = try readHex4(escapeStart: index - 2)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw error("high surrogate \\u\(String(scalar, radix: 16, uppercase: true)) is followed by \\u\(String(low, radix: 16, uppercase: true)), not a low surrogate", at: escapeStart)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("lone low surrogate \\u\(String(scalar, radix: 16, uppercase: true))", at: escapeStart)
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid Unicode escape", at: escapeStart) }
            UTF8.encode(unicode) { scratch.append($0) }
        default:
            throw error("invalid escape sequence '\\\(Character(Unicode.Scalar(byte)))'", at: escapeStart)
        }
    }

    private mutating func readHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw error("\\u escape needs four hex digits", at: escapeStart) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("\\u escape needs four hex digits", at: escapeStart)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Where the first invalid UTF-8 sequence starts, for the error offset.
    func firstInvalidUTF8(in range: Range<Int>) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = UnsafeBufferPointer(rebasing: bytes[range]).makeIterator()
        var offset = range.lowerBound
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput, .error: return offset
            }
        }
    }

    /// Reads a number per the RFC grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func readNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var cursor = index
        let negative = bytes[cursor] == UInt8(ascii: "-")
        if negative { cursor += 1 }
        guard cursor < bytes.count, isDigit(bytes[cursor]) else {
            throw error("a number needs a digit after '-'", at: start)
        }
        // Accumulate negatively so that Int64.min is reachable.
        var accumulated: Int64 = 0
        var overflowed = false
        if bytes[cursor] == UInt8(ascii: "0") {
            cursor += 1
            if cursor < bytes.count, isDigit(bytes[cursor]) { throw error("leading zeros are not allowed in numbers", at: start) }
        } else {
            while cursor < bytes.count, isDigit(bytes[cursor]) {
                let digit = Int64(bytes[cursor] &- UInt8(ascii: "0"))
                let (times10, o1) = accumulated.multipliedReportingOverflow(by: 10)
                let (next, o2) = times10.subtractingReportingOverflow(digit)
                overflowed = overflowed || o1 || o2
                accumulated = next
                cursor += 1
            }
        }
        var isInteger = true
        if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ".") {
            isInteger = false
            cursor += 1
            guard cursor < bytes.count, isDigit(bytes[cursor]) else { throw error("a number needs digits after '.'", at: start) }
            while cursor < bytes.count, isDigit(bytes[cursor]) { cursor += 1 }
        }
        if cursor < bytes.count, bytes[cursor] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            cursor += 1
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "+") || bytes[cursor] == UInt8(ascii: "-") { cursor += 1 }
            guard cursor < bytes.count, isDigit(bytes[cursor]) else { throw error("a number needs digits in its exponent", at: start) }
            while cursor < bytes.count, isDigit(bytes[cursor]) { cursor += 1 }
        }
        index = cursor
        if isInteger && !overflowed {
            if negative { return .integer(accumulated) }
            if accumulated != .min { return .integer(-accumulated) }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<cursor]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw error("the number \(text) is outside the range of a Double", at: start)
        }
        return .double(value)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
