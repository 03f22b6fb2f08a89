import Foundation
import Testing

@testable import KubernetesCore

@Suite("KubernetesJSONDecoder semantics")
struct KubernetesJSONDecoderTests {
    struct Numbers: Codable, Equatable {
        var int: Int
        var int32: Int32
        var int64: Int64
        var uint: UInt
        var double: Double
        var float: Float
        var bool: Bool
        var string: String
    }

    struct Inner: Codable, Equatable {
        var name: String
        var port: Int32?
    }

    struct Outer: Codable, Equatable {
        var items: [Inner]
        var byName: [String: Inner]?
        var extra: JSONValue?
        var note: String?
    }

    /// Decodes with both decoders, so each expectation checks parity with Foundation too.
    func both<T: Decodable & Equatable>(_ type: T.Type, _ json: String) throws -> T {
        let ours = try KubernetesJSONDecoder().decode(type, from: Array(json.utf8))
        let foundation = try JSONDecoder().decode(type, from: Data(json.utf8))
        #expect(ours == foundation)
        return ours
    }

    @Test("primitives, including int64 edges and integers read as Double")
    func primitives() throws {
        let json = #"{"int": -7, "int32": 2147483647, "int64": -9223372036854775808, "uint": 9223372036854775807,"#
            + #" "double": 3, "float": 0.5, "bool": true, "string": "s\u00e9"}"#
        let value = try KubernetesJSONDecoder().decode(Numbers.self, from: Array(json.utf8))
        #expect(value == Numbers(int: -7, int32: .max, int64: .min, uint: UInt(Int64.max), double: 3, float: 0.5, bool: true, string: "sé"))
    }

    @Test("missing keys and null both give nil for optionals")
    func optionals() throws {
        let missing = try both(Outer.self, #"{"items": []}"#)
        #expect(missing.byName == nil && missing.extra == nil && missing.note == nil)
        let null = try both(Outer.self, #"{"items": [{"name": "a", "port": null}], "byName": null, "extra": null, "note": null}"#)
        #expect(null.items == [Inner(name: "a", port: nil)])
        #expect(null.byName == nil && null.note == nil)
    }

    @Test("nested containers, dictionaries and JSONValue subtrees")
    func nested() throws {
        let json = #"{"items": [{"name": "a", "port": 80}], "byName": {"b": {"name": "b"}}, "extra": {"f:x": {}, "n": [1, 2.5, "s"]}}"#
        let value = try both(Outer.self, json)
        #expect(value.byName?["b"] == Inner(name: "b"))
        #expect(value.extra == ["f:x": [:], "n": [1, 2.5, "s"]])
        #expect(try KubernetesJSONDecoder().decode(JSONValue.self, from: Array(json.utf8))["items"]?.arrayValue?.count == 1)
    }

    @Test("a type mismatch reports the coding path")
    func typeMismatch() {
        let json = #"{"items": [{"name": "a"}, {"name": 5}]}"#
        #expect {
            _ = try KubernetesJSONDecoder().decode(Outer.self, from: Array(json.utf8))
        } throws: { error in
            guard case .typeMismatch(let type, let context) = error as? DecodingError else { return false }
            return type == String.self && context.codingPath.map(\.stringValue) == ["items", "Index 1", "name"]
                && context.codingPath[1].intValue == 1
        }
    }

    @Test("a missing required key reports the key and the path to its object")
    func missingKey() {
        let json = #"{"items": [{"port": 1}]}"#
        #expect {
            _ = try KubernetesJSONDecoder().decode(Outer.self, from: Array(json.utf8))
        } throws: { error in
            guard case .keyNotFound(let key, let context) = error as? DecodingError else { return false }
            return key.stringValue == "name" && context.codingPath.map(\.stringValue) == ["items", "Index 0"]
        }
    }

    @Test("null for a required value is valueNotFound")
    func nullRequired() {
        #expect {
            _ = try KubernetesJSONDecoder().decode(Inner.self, from: Array(#"{"name": null}"#.utf8))
        } throws: { error in
            guard case .valueNotFound(_, let context) = error as? DecodingError else { return false }
            return context.codingPath.map(\.stringValue) == ["name"]
        }
    }

    @Test("numbers that do not fit the requested type are dataCorrupted")
    func numberRange() {
        for json in [#"{"name": "a", "port": 2147483648}"#, #"{"name": "a", "port": 1.5}"#] {
            #expect {
                _ = try KubernetesJSONDecoder().decode(Inner.self, from: Array(json.utf8))
            } throws: { error in
                guard case .dataCorrupted(let context) = error as? DecodingError else { return false }
                return context.codingPath.map(\.stringValue) == ["port"]
            }
        }
    }

    @Test("invalid JSON is dataCorrupted with the parse error underneath")
    func invalidJSON() {
        #expect {
            _ = try KubernetesJSONDecoder().decode(Inner.self, from: Data(#"{"name": "a",}"#.utf8))
        } throws: { error in
            guard case .dataCorrupted(let context) = error as? DecodingError,
                let parse = context.underlyingError as? JSONParseError
            else { return false }
            return parse.offset == 13 && context.debugDescription.contains("byte 13")
        }
    }

    @Test("IntOrString, Quantity and Time decode through single-value containers")
    func singleValues() throws {
        struct Port: Codable, Equatable {
            var port: IntOrString
            var name: IntOrString
        }
        #expect(try both(Port.self, #"{"port": 8080, "name": "http"}"#) == Port(port: .int(8080), name: .string("http")))
        #expect(try both([Quantity].self, #"["1Gi", "500m"]"#).count == 2)
    }

    @Test("userInfo reaches the decoded types")
    func userInfo() throws {
        struct ReadsInfo: Decodable {
            var flag: Bool
            init(from decoder: any Decoder) throws { flag = decoder.userInfo[.testFlag] as? Bool ?? false }
        }
        var decoder = KubernetesJSONDecoder()
        decoder.userInfo[.testFlag] = true
        #expect(try decoder.decode(ReadsInfo.self, from: Array("{}".utf8)).flag)
        #expect(try KubernetesJSONDecoder().decode(ReadsInfo.self, from: Array("{}".utf8)).flag == false)
    }

    @Test("unkeyed containers: nil, nested and end of array")
    func unkeyed() throws {
        struct Pair: Decodable, Equatable {
            var first: Int?
            var rest: [String]
            init(from decoder: any Decoder) throws {
                var container = try decoder.unkeyedContainer()
                first = try container.decodeNil() ? nil : container.decode(Int.self)
                var nested = try container.nestedUnkeyedContainer()
                rest = []
                while !nested.isAtEnd { rest.append(try nested.decode(String.self)) }
            }
        }
        let pair = try both(Pair.self, #"[null, ["a", "b"]]"#)
        #expect(pair.first == nil && pair.rest == ["a", "b"])
        #expect(try both(Pair.self, #"[3, []]"#).first == 3)
        #expect(throws: DecodingError.self) { _ = try KubernetesJSONDecoder().decode(Pair.self, from: Array("[1]".utf8)) }
    }
}

extension CodingUserInfoKey {
    fileprivate static let testFlag = CodingUserInfoKey(rawValue: "testFlag")!
}
