/// A minimal, allocation-light JSON reader over UTF-8 bytes, used to read cluster descriptions of millions
/// of partitions without building a generic JSON tree. Errors carry line and column.
struct JSONScanner {
    private let bytes: [UInt8]
    private(set) var index: Int = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func error(_ expected: String) -> BalanceError {
        var line = 1
        var column = 1
        var i = 0
        while i < index && i < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
            i += 1
        }
        let found = index < bytes.count ? "'\(Character(Unicode.Scalar(bytes[index])))'" : "end of input"
        return BalanceError(.malformedJSON,
                            "malformed JSON at line \(line), column \(column): expected \(expected), found \(found)")
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after whitespace) if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        if index < bytes.count && bytes[index] == byte {
            index += 1
            return true
        }
        return false
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(BalanceError) {
        if !consume(byte) { throw error(what) }
    }

    mutating func expectEnd() throws(BalanceError) {
        skipWhitespace()
        if index != bytes.count { throw error("end of input") }
    }

    /// Iterates the members of an object; `body` must consume each value.
    mutating func forEachMember(_ body: (inout JSONScanner, String) throws(BalanceError) -> Void) throws(BalanceError) {
        try expect(UInt8(ascii: "{"), "'{'")
        if consume(UInt8(ascii: "}")) { return }
        repeat {
            let key = try readString()
            try expect(UInt8(ascii: ":"), "':'")
            try body(&self, key)
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "}"), "',' or '}'")
    }

    /// Iterates the elements of an array; `body` must consume each element.
    mutating func forEachElement(_ body: (inout JSONScanner, Int) throws(BalanceError) -> Void) throws(BalanceError) {
        try expect(UInt8(ascii: "["), "'['")
        if consume(UInt8(ascii: "]")) { return }
        var n = 0
        repeat {
            try body(&self, n)
            n += 1
        } while consume(UInt8(ascii: ","))
        try expect(UInt8(ascii: "]"), "',' or ']'")
    }

    mutating func readNull() -> Bool {
        skipWhitespace()
        if index + 4 <= bytes.count && bytes[index] == UInt8(ascii: "n") && bytes[index + 1] == UInt8(ascii: "u")
            && bytes[index + 2] == UInt8(ascii: "l") && bytes[index + 3] == UInt8(ascii: "l") {
            index += 4
            return true
        }
        return false
    }

    mutating func readBool() throws(BalanceError) -> Bool {
        skipWhitespace()
        if matchLiteral("true") { return true }
        if matchLiteral("false") { return false }
        throw error("true or false")
    }

    private mutating func matchLiteral(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard index + n <= bytes.count else { return false }
        let p = literal.utf8Start
        for k in 0..<n where bytes[index + k] != p[k] { return false }
        index += n
        return true
    }

    mutating func readString() throws(BalanceError) -> String {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("a string") }
        index += 1
        let start = index
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: bytes[start..<index], as: UTF8.self)
                index += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { throw error("a string without control characters") }
            index += 1
        }
        // Slow path: escapes.
        var out = Array(bytes[start..<index])
        while index < bytes.count {
            let c = bytes[index]
            if c == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { break }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try readHex4()
                    if (0xD800..<0xDC00).contains(scalar), matchLiteral("\\u") {
                        let low = try readHex4()
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8))
                default:
                    index -= 1
                    throw error("a valid escape sequence")
                }
                continue
            }
            if c < 0x20 { throw error("a string without control characters") }
            out.append(c)
            index += 1
        }
        throw error("'\"' closing the string")
    }

    private mutating func readHex4() throws(BalanceError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw error("four hex digits") }
            let c = bytes[index]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - UInt8(ascii: "A") + 10)
            default: throw error("four hex digits")
            }
            v = v << 4 | d
            index += 1
        }
        return v
    }

    /// Reads a JSON number. Returns the exact integer when it has no fraction/exponent and fits Int64.
    mutating func readNumber() throws(BalanceError) -> (integer: Int64?, value: Double) {
        skipWhitespace()
        let start = index
        var negative = false
        if index < bytes.count && bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        var integer: Int64 = 0
        var overflow = false
        var digits = 0
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let (m, o1) = integer.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(bytes[index] - UInt8(ascii: "0")))
            integer = a
            overflow = overflow || o1 || o2
            digits += 1
            index += 1
        }
        if digits == 0 { index = start; throw error("a number") }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            var fractionDigits = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1; fractionDigits += 1
            }
            if fractionDigits == 0 { throw error("digits after '.'") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            var expDigits = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                index += 1; expDigits += 1
            }
            if expDigits == 0 { throw error("exponent digits") }
        }
        if isInteger && !overflow {
            let v = negative ? -integer : integer
            return (v, Double(v))
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let d = Double(text) else { index = start; throw error("a number") }
        return (nil, d)
    }

    /// Skips any JSON value (for members the planner does not use).
    mutating func skipValue() throws(BalanceError) {
        skipWhitespace()
        guard index < bytes.count else { throw error("a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try forEachMember { (s: inout JSONScanner, _: String) throws(BalanceError) in try s.skipValue() }
        case UInt8(ascii: "["): try forEachElement { (s: inout JSONScanner, _: Int) throws(BalanceError) in try s.skipValue() }
        case UInt8(ascii: "\""): _ = try readString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try readBool()
        case UInt8(ascii: "n"): if !readNull() { throw error("null") }
        default: _ = try readNumber()
        }
    }
}
