/// A strict RFC 8259 parser that builds `JSONValue` trees from UTF-8 bytes. It scans the document into
/// the flat tape `KubernetesJSONDecoder` decodes from (JSONTape.swift, where the checks live), then builds
/// the tree from the tape.
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
        // An [UInt8] is taken as it is (no copy); other collections are copied once.
        try JSONTapeDocument(bytes: Array(bytes), maximumDepth: maximumDepth).value(at: 0)
    }

    /// Parses the UTF-8 of `text`.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
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
}
