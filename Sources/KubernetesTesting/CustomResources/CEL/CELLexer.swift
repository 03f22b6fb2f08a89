/// A CEL token with its 1-based column.
struct CELToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case identifier(String)
        case int(Int64)
        case uint(UInt64)
        case double(Double)
        case string(String)
        case bytes([UInt8])
        /// Operators and punctuation: `&&`, `==`, `(`, `?.` is not supported.
        case symbol(String)
        case end
    }

    var kind: Kind
    var column: Int
}

/// Splits a CEL expression into tokens (the CEL spec's lexical grammar: decimal/hex ints, `u` suffix,
/// doubles with exponents, single/double/triple-quoted and raw strings, bytes literals, `//` comments).
struct CELLexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ source: String) {
        scalars = Array(source.unicodeScalars)
    }

    static func tokenize(_ source: String) throws(CELError) -> [CELToken] {
        var lexer = CELLexer(source)
        var tokens: [CELToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private mutating func next() throws(CELError) -> CELToken {
        skipSpaceAndComments()
        let start = position + 1
        guard let scalar = peek() else { return CELToken(kind: .end, column: start) }

        if scalar == "_" || scalar.properties.isAlphabetic && scalar.isASCII {
            // Raw and bytes string prefixes.
            let lower = Character(scalar).lowercased()
            if (lower == "r" || lower == "b"), let quote = peek(1), quote == "\"" || quote == "'" {
                position += 1
                return try stringLiteral(start: start, raw: lower == "r", bytes: lower == "b")
            }
            if (lower == "r" || lower == "b"), let second = peek(1), let quote = peek(2),
               ["r", "b", "R", "B"].contains(Character(second)), quote == "\"" || quote == "'",
               Character(second).lowercased() != lower
            {
                position += 2
                return try stringLiteral(start: start, raw: true, bytes: true)
            }
            var name = ""
            while let next = peek(), next == "_" || (next.isASCII && (next.properties.isAlphabetic || ("0"..."9").contains(next))) {
                name.unicodeScalars.append(next)
                position += 1
            }
            return CELToken(kind: .identifier(name), column: start)
        }
        if ("0"..."9").contains(scalar) || (scalar == "." && peek(1).map { ("0"..."9").contains($0) } == true) {
            return try number(start: start)
        }
        if scalar == "\"" || scalar == "'" {
            return try stringLiteral(start: start, raw: false, bytes: false)
        }
        let twoChar = String(String.UnicodeScalarView([scalar] + (peek(1).map { [$0] } ?? [])))
        if ["&&", "||", "==", "!=", "<=", ">="].contains(twoChar) {
            position += 2
            return CELToken(kind: .symbol(twoChar), column: start)
        }
        if "+-*/%!<>?:.,()[]{}".unicodeScalars.contains(scalar) {
            position += 1
            return CELToken(kind: .symbol(String(scalar)), column: start)
        }
        throw CELError(.compile, "Syntax error: token recognition error at: '\(Character(scalar))'", column: start)
    }

    private mutating func skipSpaceAndComments() {
        while let scalar = peek() {
            if scalar.properties.isWhitespace {
                position += 1
            } else if scalar == "/", peek(1) == "/" {
                while let next = peek(), next != "\n" { position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func number(start: Int) throws(CELError) -> CELToken {
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            position += 2
            var digits = ""
            while let next = peek(), next.properties.isASCIIHexDigit {
                digits.unicodeScalars.append(next)
                position += 1
            }
            if let suffix = peek(), suffix == "u" || suffix == "U" {
                position += 1
                guard let value = UInt64(digits, radix: 16) else { throw invalidNumber(start) }
                return CELToken(kind: .uint(value), column: start)
            }
            guard let value = Int64(digits, radix: 16) else { throw invalidNumber(start) }
            return CELToken(kind: .int(value), column: start)
        }
        var text = ""
        var isDouble = false
        while let next = peek(), ("0"..."9").contains(next) {
            text.unicodeScalars.append(next)
            position += 1
        }
        if peek() == ".", let digit = peek(1), ("0"..."9").contains(digit) {
            isDouble = true
            text += "."
            position += 1
            while let next = peek(), ("0"..."9").contains(next) {
                text.unicodeScalars.append(next)
                position += 1
            }
        }
        if let e = peek(), e == "e" || e == "E" {
            var offset = 1
            if let sign = peek(1), sign == "+" || sign == "-" { offset = 2 }
            if let digit = peek(offset), ("0"..."9").contains(digit) {
                isDouble = true
                for _ in 0..<offset {
                    if let scalar = peek() { text.unicodeScalars.append(scalar) }
                    position += 1
                }
                while let next = peek(), ("0"..."9").contains(next) {
                    text.unicodeScalars.append(next)
                    position += 1
                }
            }
        }
        if isDouble {
            guard let value = Double(text) else { throw invalidNumber(start) }
            return CELToken(kind: .double(value), column: start)
        }
        if let suffix = peek(), suffix == "u" || suffix == "U" {
            position += 1
            guard let value = UInt64(text) else { throw invalidNumber(start) }
            return CELToken(kind: .uint(value), column: start)
        }
        guard let value = Int64(text) else { throw invalidNumber(start) }
        return CELToken(kind: .int(value), column: start)
    }

    private func invalidNumber(_ column: Int) -> CELError {
        CELError(.compile, "invalid int literal", column: column)
    }

    private mutating func stringLiteral(start: Int, raw: Bool, bytes: Bool) throws(CELError) -> CELToken {
        guard let quote = peek() else { throw CELError(.compile, "Syntax error: unterminated string", column: start) }
        let triple = peek(1) == quote && peek(2) == quote
        position += triple ? 3 : 1
        var text = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else {
                throw CELError(.compile, "Syntax error: token recognition error at: unterminated string", column: start)
            }
            if scalar == quote && (!triple || (peek(1) == quote && peek(2) == quote)) {
                position += triple ? 3 : 1
                break
            }
            if !triple && scalar == "\n" {
                throw CELError(.compile, "Syntax error: newline in string literal", column: start)
            }
            position += 1
            if scalar == "\\" && !raw {
                text.append(try escape(start: start))
            } else {
                text.append(scalar)
            }
        }
        let string = String(text)
        return CELToken(kind: bytes ? .bytes(Array(string.utf8)) : .string(string), column: start)
    }

    private mutating func escape(start: Int) throws(CELError) -> Unicode.Scalar {
        guard let scalar = peek() else { throw CELError(.compile, "Syntax error: invalid escape", column: start) }
        position += 1
        switch scalar {
        case "n": return "\n"
        case "r": return "\r"
        case "t": return "\t"
        case "a": return "\u{07}"
        case "b": return "\u{08}"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        case "\\", "'", "\"", "`", "?": return scalar
        case "x", "u", "U":
            let count = scalar == "x" ? 2 : (scalar == "u" ? 4 : 8)
            var hex = ""
            for _ in 0..<count {
                guard let digit = peek(), digit.properties.isASCIIHexDigit else {
                    throw CELError(.compile, "Syntax error: invalid escape sequence", column: start)
                }
                hex.unicodeScalars.append(digit)
                position += 1
            }
            guard let value = UInt32(hex, radix: 16), let result = Unicode.Scalar(value) else {
                throw CELError(.compile, "Syntax error: invalid escape sequence", column: start)
            }
            return result
        default:
            throw CELError(.compile, "Syntax error: invalid escape sequence '\\\(Character(scalar))'", column: start)
        }
    }
}
