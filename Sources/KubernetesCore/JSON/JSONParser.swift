/// A strict RFC 8259 parser that builds `JSONValue` trees straight from UTF-8 bytes.
///
/// Strict means: one value with only JSON whitespace around it, no comments, no trailing commas, no
/// leading zeros or `+` signs, no control characters in strings, valid UTF-8, escapes including
/// surrogate pairs (a lone surrogate is an error), and a nesting limit so that hostile input cannot
/// exhaust the stack. Numbers without fraction or exponent that fit in `Int64` stay `.integer`, exactly;
/// every other number is `.double`. When a key repeats in an object, the last occurrence wins (as with
/// Go's `encoding/json`, which the API server uses).
public struct JSONParser: Sendable {
    /// How deep arrays and objects may nest; the default matches Foundation's `JSONDecoder`.
    public var maximumDepth: Int

    public init(maximumDepth: Int = 512) {
        self.maximumDepth = maximumDepth
    }

    /// Parses one JSON document.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            parse(buffer: buffer)
        }
        if let result { return try result.get() }
        return try Array(bytes).withUnsafeBufferPointer { buffer in parse(buffer: buffer) }.get()
    }

    /// Parses the UTF-8 of `text`.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { buffer in parse(buffer: buffer) }.get()
    }

    private func parse(buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        var reader = JSONReader(bytes: buffer, maximumDepth: maximumDepth)
        do throws(JSONParseError) {
            reader.skipWhitespace()
            let value = try reader.readValue()
            reader.skipWhitespace()
            if reader.index < buffer.count {
                throw reader.error("unexpected \(reader.describeCurrentByte()) after the end of the document")
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}

/// The cursor over one document's bytes; valid only while the buffer it reads is.
struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    let maximumDepth: Int
    var index = 0
    var depth = 0
    /// Reused by strings with escapes, so that only the final `String` is allocated.
    var scratch: [UInt8] = []
    /// The members of the objects being read, innermost last: each object's dictionary is then created
    /// at its final size, never rehashed while it grows.
    var memberStack: [(String, JSONValue)] = []
    /// The same for the elements of the arrays being read: each array is allocated once, at its size.
    var elementStack: [JSONValue] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    func error(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? index, reason: reason)
    }

    func describeCurrentByte() -> String {
        guard index < bytes.count else { return "end of input" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    mutating func readValue() throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("expected a value, found end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try readObject()
        case UInt8(ascii: "["): return try readArray()
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try readLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try readLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try readLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw error("expected a value, found \(describeCurrentByte())")
        }
    }

    mutating func readLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = index
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount)
        guard bytes.count - index >= expected.count else { throw error("invalid literal, expected '\(literal)'", at: start) }
        for offset in 0..<expected.count where bytes[index + offset] != expected[offset] {
            throw error("invalid literal, expected '\(literal)'", at: start)
        }
        index += expected.count
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maximumDepth {
            throw error("arrays and objects nest deeper than the limit of \(maximumDepth)")
        }
    }

    private mutating func readObject() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object([:])
        }
        let base = memberStack.count
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a string key in an object, found \(describeCurrentByte())")
            }
            let key = try readString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("expected ':' after the object key \"\(key)\", found \(describeCurrentByte())")
            }
            index += 1
            skipWhitespace()
            let value = try readValue()
            memberStack.append((key, value))
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated object, expected ',' or '}'") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                var members = [String: JSONValue](minimumCapacity: memberStack.count - base)
                for (key, value) in memberStack[base...] {
                    members[key] = value
                }
                memberStack.removeSubrange(base...)
                return .object(members)
            default:
                throw error("expected ',' or '}' in an object, found \(describeCurrentByte())")
            }
        }
    }

    private mutating func readArray() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array([])
        }
        let base = elementStack.count
        while true {
            let element = try readValue()
            elementStack.append(element)
            skipWhitespace()
            guard index < bytes.count else { throw error("unterminated array, expected ',' or ']'") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                let elements = Array(elementStack[base...])
                elementStack.removeSubrange(base...)
                return .array(elements)
            default:
                throw error("expected ',' or ']' in an array, found \(describeCurrentByte())")
            }
        }
    }
}
