import Testing

@testable import KubernetesCore

@Suite("JSONParser conformance")
struct JSONParserTests {
    static let valid: [(String, JSONValue)] = [
        ("null", .null),
        ("true", true),
        (" \t\r\nfalse\n", false),
        ("0", .integer(0)),
        ("-0", .integer(0)),
        ("42", .integer(42)),
        ("9223372036854775807", .integer(Int64.max)),
        ("-9223372036854775808", .integer(Int64.min)),
        // One past the int64 edges: no longer exact integers, so doubles.
        ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("-9223372036854775809", .double(-9_223_372_036_854_775_808)),
        ("1.0", .double(1)),
        ("-0.5", .double(-0.5)),
        ("1e3", .double(1000)),
        ("2E-2", .double(0.02)),
        ("1.5e+2", .double(150)),
        ("\"\"", ""),
        ("\"plain\"", "plain"),
        (#""a\"b\\c\/d""#, "a\"b\\c/d"),
        (#""\b\f\n\r\t""#, "\u{08}\u{0C}\n\r\t"),
        (#""\u0041\u00e9\u4E2D""#, "Aé中"),
        (#""\ud83d\ude00""#, "😀"),
        ("\"é中😀\"", "é中😀"),
        (#""\u0000""#, "\u{0}"),
        ("[]", []),
        ("[1, \"a\", null, [true]]", [1, "a", nil, [true]]),
        ("{}", [:]),
        (#"{"a": {"b": [1, 2.5]}, "c": "d"}"#, ["a": ["b": [1, 2.5]], "c": "d"]),
        (#"{"a": 1, "a": 2}"#, ["a": 2]),
    ]

    @Test("valid documents parse to the expected value", arguments: valid)
    func validDocument(text: String, expected: JSONValue) throws {
        #expect(try JSONParser().parse(text) == expected)
    }

    static let invalid: [(String, Int, String)] = [
        ("", 0, "expected a value"),
        ("   ", 3, "expected a value"),
        ("nul", 0, "invalid literal"),
        ("tru e", 0, "invalid literal"),
        ("01", 0, "leading zeros"),
        ("-", 0, "digit after '-'"),
        ("+1", 0, "expected a value"),
        ("1.", 0, "digits after '.'"),
        (".5", 0, "expected a value"),
        ("1e", 0, "exponent"),
        ("1e400", 0, "outside the range"),
        ("NaN", 0, "expected a value"),
        ("[1,]", 3, "expected a value"),
        ("[1 2]", 3, "expected ',' or ']'"),
        ("{\"a\":1,}", 7, "expected a string key"),
        ("{\"a\" 1}", 5, "expected ':'"),
        ("{a:1}", 1, "expected a string key"),
        ("{\"a\":1", 6, "unterminated object"),
        ("[1", 2, "unterminated array"),
        ("\"abc", 0, "unterminated string"),
        ("\"a\tb\"", 2, "control character"),
        (#""\x""#, 1, "invalid escape"),
        (#""\u12""#, 1, "four hex digits"),
        (#""\ud83d""#, 1, "not followed by a low surrogate"),
        (#""\ud83d\u0041""#, 1, "not a low surrogate"),
        (#""\ude00""#, 1, "lone low surrogate"),
        ("1 2", 2, "after the end of the document"),
        ("{} x", 3, "after the end of the document"),
        ("// comment\n1", 0, "expected a value"),
    ]

    @Test("invalid documents are rejected with the byte offset", arguments: invalid)
    func invalidDocument(text: String, offset: Int, reason: String) {
        #expect {
            _ = try JSONParser().parse(text)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.offset == offset && error.reason.contains(reason)
        }
    }

    @Test("invalid UTF-8 is rejected where it starts")
    func invalidUTF8() {
        let cases: [[UInt8]] = [
            [0x22, 0x61, 0xFF, 0x22],  // a byte that never appears in UTF-8
            [0x22, 0x61, 0xC3, 0x22],  // truncated two-byte sequence
            [0x22, 0x61, 0xED, 0xA0, 0x80, 0x22],  // an encoded surrogate
            [0x22, 0x61, 0xC0, 0xAF, 0x22],  // overlong '/'
        ]
        for bytes in cases {
            #expect(throws: JSONParseError.self) { _ = try JSONParser().parse(bytes) }
            do {
                _ = try JSONParser().parse(bytes)
            } catch {
                #expect(error.offset == 2, "\(bytes)")
            }
        }
        // Invalid UTF-8 in a string that also has escapes takes the other path.
        #expect(throws: JSONParseError.self) { _ = try JSONParser().parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
    }

    @Test("multi-byte UTF-8 next to escapes survives")
    func escapesAndUTF8() throws {
        #expect(try JSONParser().parse(#"{"k\u00e9y": "é\n中"}"#) == ["kéy": "é\n中"])
    }

    @Test("nesting is limited, and the limit is configurable")
    func depthLimit() throws {
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect {
            _ = try JSONParser().parse(deep)
        } throws: { error in
            (error as? JSONParseError)?.reason.contains("limit of 512") == true
        }
        let limit = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        _ = try JSONParser().parse(limit)
        let objects = String(repeating: #"{"a":"#, count: 11) + "1" + String(repeating: "}", count: 11)
        #expect(throws: JSONParseError.self) { _ = try JSONParser(maximumDepth: 10).parse(objects) }
        #expect(try JSONParser(maximumDepth: 11).parse(objects)[path: Array(repeating: "a", count: 11)] == 1)
    }

    @Test("error messages name the byte offset")
    func errorDescription() {
        let error = JSONParseError(offset: 17, reason: "expected ':' after the object key \"a\", found '1'")
        #expect(error.description == "invalid JSON at byte 17: expected ':' after the object key \"a\", found '1'")
    }

    @Test("parses slices and non-contiguous collections the same")
    func collections() throws {
        let bytes = Array("xx[1,{\"a\":null}]yy".utf8)
        let expected: JSONValue = [1, ["a": nil]]
        #expect(try JSONParser().parse(bytes[2..<(bytes.count - 2)]) == expected)
        #expect(try JSONParser().parse("[1,{\"a\":null}]".utf8.lazy.map { $0 }) == expected)
    }
}
