import KubernetesCore

/// A JSON parser and serializer for request and response bodies.
///
/// Foundation's decoder cannot report duplicate object keys (the real server rejects them under
/// `fieldValidation=Strict`) and its error texts differ from Go's, which clients see in 400 bodies;
/// a small hand-written parser gives both, and the serializer avoids a Codable round trip per write.
enum JSONCodec {
    struct ParseError: Error, Equatable {
        /// Go's `encoding/json` wording, e.g. `unexpected end of JSON input`.
        var message: String
    }

    /// The parsed value and the dotted paths of keys that appeared twice in one object.
    struct Parsed {
        var value: JSONValue
        var duplicateFields: [String]
    }

    static func parse(_ bytes: [UInt8]) throws(ParseError) -> Parsed {
        var parser = Parser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(path: "")
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw ParseError(message: "invalid character '\(Character(Unicode.Scalar(bytes[parser.index])))' after top-level value")
        }
        return Parsed(value: value, duplicateFields: parser.duplicates)
    }

    static func serialize(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out)
        return out
    }

    static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let flag): out.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): out.append(contentsOf: String(number).utf8)
        case .double(let number):
            if number.isFinite, number.rounded() == number, abs(number) < 1e15 {
                out.append(contentsOf: String(Int64(number)).utf8)
            } else {
                out.append(contentsOf: "\(number)".utf8)
            }
        case .string(let text): writeString(text, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            // Sorted keys keep responses deterministic (and diffable against the recordings).
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(members[key] ?? .null, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): out.append(contentsOf: [92, 92])
            case 0x0A: out.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [92, UInt8(ascii: "t")])
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), 0..<0x20:
                // Go escapes HTML-significant characters and controls as \u00XX.
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0
        var duplicates: [String] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func skipWhitespace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
                index += 1
            }
        }

        var endOfInput: ParseError { ParseError(message: "unexpected end of JSON input") }

        func invalid(_ context: String) -> ParseError {
            let character = index < bytes.count ? String(Character(Unicode.Scalar(bytes[index]))) : "EOF"
            return ParseError(message: "invalid character '\(character)' \(context)")
        }

        mutating func parseValue(path: String) throws(ParseError) -> JSONValue {
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject(path: path)
            case UInt8(ascii: "["): return try parseArray(path: path)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            default: throw invalid("looking for beginning of value")
            }
        }

        mutating func literal(_ word: String) throws(ParseError) {
            for expected in word.utf8 {
                guard index < bytes.count else { throw endOfInput }
                guard bytes[index] == expected else { throw invalid("in literal \(word) (expecting '\(Character(Unicode.Scalar(expected)))')") }
                index += 1
            }
        }

        mutating func parseObject(path: String) throws(ParseError) -> JSONValue {
            index += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw endOfInput }
                guard bytes[index] == UInt8(ascii: "\"") else { throw invalid("looking for beginning of object key string") }
                let key = try parseString()
                skipWhitespace()
                guard index < bytes.count else { throw endOfInput }
                guard bytes[index] == UInt8(ascii: ":") else { throw invalid("after object key") }
                index += 1
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                let value = try parseValue(path: childPath)
                if members[key] != nil { duplicates.append(childPath) }
                members[key] = value
                skipWhitespace()
                guard index < bytes.count else { throw endOfInput }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                throw invalid("after object key:value pair")
            }
        }

        mutating func parseArray(path: String) throws(ParseError) -> JSONValue {
            index += 1
            var items: [JSONValue] = []
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                items.append(try parseValue(path: path))
                skipWhitespace()
                guard index < bytes.count else { throw endOfInput }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                throw invalid("after array element")
            }
        }

        mutating func parseString() throws(ParseError) -> String {
            index += 1
            let start = index
            var hasEscapes = false
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") { hasEscapes = true; index += 1 }
                index += 1
            }
            guard index < bytes.count else { throw endOfInput }
            let raw = bytes[start..<index]
            index += 1
            if !hasEscapes { return String(decoding: raw, as: UTF8.self) }
            return try unescape(Array(raw))
        }

        func unescape(_ raw: [UInt8]) throws(ParseError) -> String {
            var scalars: [UInt8] = []
            var position = 0
            var pendingHighSurrogate: UInt32?
            while position < raw.count {
                let byte = raw[position]
                guard byte == UInt8(ascii: "\\"), position + 1 < raw.count else {
                    scalars.append(byte); position += 1; continue
                }
                let escape = raw[position + 1]
                position += 2
                switch escape {
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "u"):
                    guard position + 4 <= raw.count, let code = UInt32(String(decoding: raw[position..<position + 4], as: UTF8.self), radix: 16) else {
                        throw ParseError(message: "invalid character in \\u hexadecimal character escape")
                    }
                    position += 4
                    var scalarValue = code
                    if (0xD800...0xDBFF).contains(code) { pendingHighSurrogate = code; continue }
                    if (0xDC00...0xDFFF).contains(code), let high = pendingHighSurrogate {
                        scalarValue = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                        pendingHighSurrogate = nil
                    }
                    let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: scalars.append(escape)
                }
            }
            return String(decoding: scalars, as: UTF8.self)
        }

        mutating func parseNumber() throws(ParseError) -> JSONValue {
            let start = index
            var isFloat = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { isFloat = true }
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") else { break }
                index += 1
            }
            let text = String(decoding: bytes[start..<index], as: UTF8.self)
            if !isFloat, let integer = Int64(text) { return .integer(integer) }
            guard let number = Double(text) else { throw ParseError(message: "invalid number \(text)") }
            return .double(number)
        }
    }
}
