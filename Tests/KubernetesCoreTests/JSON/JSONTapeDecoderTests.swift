import Foundation
import Testing

@testable import KubernetesCore

/// What the tape (the flat form `KubernetesJSONDecoder` decodes from) must get right beyond the shared
/// semantics in KubernetesJSONDecoderTests: the same strictness as `JSONParser`, key matching by bytes,
/// and repeated keys.
@Suite("KubernetesJSONDecoder tape")
struct JSONTapeDecoderTests {
    struct Named: Decodable, Equatable {
        var name: String
        var port: Int?
    }

    @Test("every document JSONParser rejects is rejected by the decoder, at the same byte", arguments: JSONParserTests.invalid)
    func sameStrictness(text: String, offset: Int, reason: String) {
        #expect {
            _ = try KubernetesJSONDecoder().decode(JSONValue?.self, from: Array(text.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error, let parse = context.underlyingError as? JSONParseError else {
                return false
            }
            return parse.offset == offset && parse.reason.contains(reason)
        }
        // The same through a typed decode of structs.
        #expect {
            _ = try KubernetesJSONDecoder().decode([Named].self, from: Array(text.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error, let parse = context.underlyingError as? JSONParseError else {
                return false
            }
            return parse.offset == offset && parse.reason.contains(reason)
        }
    }

    @Test("invalid UTF-8 is rejected even in a member no type reads")
    func invalidUTF8InSkippedMember() {
        let document: [UInt8] = Array(#"{"name":"a","ignored":""#.utf8) + [0xC3] + Array(#""}"#.utf8)
        #expect {
            _ = try KubernetesJSONDecoder().decode(Named.self, from: document)
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error, let parse = context.underlyingError as? JSONParseError else {
                return false
            }
            return parse.offset == 23 && parse.reason.contains("UTF-8")
        }
    }

    @Test("keys with escapes and non-ASCII keys match their coding keys")
    func escapedKeys() throws {
        struct Keys: Decodable, Equatable {
            var plain: String
            var accented: String
            enum CodingKeys: String, CodingKey {
                case plain = "na/me"
                case accented = "kéy"
            }
        }
        let decoded = try KubernetesJSONDecoder().decode(Keys.self, from: Array(#"{"na\/me":"a","k\u00e9y":"b\n\u4e2d"}"#.utf8))
        #expect(decoded == Keys(plain: "a", accented: "b\n中"))
        let raw = try KubernetesJSONDecoder().decode(Keys.self, from: Array(#"{"na/me":"a","kéy":"é"}"#.utf8))
        #expect(raw == Keys(plain: "a", accented: "é"))
    }

    @Test("a repeated key: the last one wins, in small objects and in large maps", arguments: [3, 40])
    func repeatedKeys(members: Int) throws {
        var pairs = (0..<members).map { "\"k\($0)\":\"v\($0)\"" }
        pairs.insert(#""name":"first""#, at: 0)
        pairs.append(#""name":"last""#)
        let json = "{" + pairs.joined(separator: ",") + "}"
        #expect(try KubernetesJSONDecoder().decode(Named.self, from: Array(json.utf8)).name == "last")
        let map = try KubernetesJSONDecoder().decode([String: String].self, from: Array(json.utf8))
        #expect(map.count == members + 1)
        #expect(map["name"] == "last")
        #expect(map["k\(members - 1)"] == "v\(members - 1)")
        #expect(try KubernetesJSONDecoder().decode(JSONValue.self, from: Array(json.utf8))["name"] == "last")
    }

    @Test("a large map decodes every member (the indexed lookup path)")
    func largeMap() throws {
        let entries = (0..<1000).map { "\"key-\($0)\":{\"name\":\"n\($0)\",\"port\":\($0)}" }
        let map = try KubernetesJSONDecoder().decode([String: Named].self, from: Array(("{" + entries.joined(separator: ",") + "}").utf8))
        #expect(map.count == 1000)
        #expect(map["key-999"] == Named(name: "n999", port: 999))
        #expect(map["key-0"] == Named(name: "n0", port: 0))
    }

    @Test("members skipped by the type may hold any JSON, nested deeply")
    func skippedSubtrees() throws {
        let json = #"{"skip":{"a":[1,{"b":[[],{}]},"x"],"c":null},"name":"n","more":[true,false,-1.5e3],"port":7}"#
        #expect(try KubernetesJSONDecoder().decode(Named.self, from: Array(json.utf8)) == Named(name: "n", port: 7))
    }

    @Test("JSONValue members are built from the tape with every type of value")
    func jsonValueMembers() throws {
        struct Holder: Decodable {
            var value: JSONValue
            var list: [JSONValue]
        }
        let json = #"{"value":{"s":"é\"","i":-9223372036854775808,"d":0.5,"b":true,"n":null,"a":[1,[]],"o":{}},"list":[null,"x",2]}"#
        let decoded = try KubernetesJSONDecoder().decode(Holder.self, from: Array(json.utf8))
        #expect(decoded.value == ["s": "é\"", "i": .integer(.min), "d": 0.5, "b": true, "n": nil, "a": [1, []], "o": [:]])
        #expect(decoded.list == [nil, "x", 2])
    }

    @Test("superDecoder reads the `super` member, or null when it is absent")
    func superDecoders() throws {
        struct Child: Decodable {
            var base: String?
            var name: String
            enum CodingKeys: String, CodingKey { case name }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                name = try container.decode(String.self, forKey: .name)
                let parent = try container.superDecoder().singleValueContainer()
                base = parent.decodeNil() ? nil : try parent.decode(String.self)
            }
        }
        #expect(try KubernetesJSONDecoder().decode(Child.self, from: Array(#"{"name":"c","super":"b"}"#.utf8)).base == "b")
        #expect(try KubernetesJSONDecoder().decode(Child.self, from: Array(#"{"name":"c"}"#.utf8)).base == nil)
    }

    @Test("Data, slices and arrays decode the same")
    func inputForms() throws {
        let json = #"  {"name":"n","port":1}  "#
        let bytes = Array(json.utf8)
        let expected = Named(name: "n", port: 1)
        #expect(try KubernetesJSONDecoder().decode(Named.self, from: bytes) == expected)
        #expect(try KubernetesJSONDecoder().decode(Named.self, from: Data(json.utf8)) == expected)
        #expect(try KubernetesJSONDecoder().decode(Named.self, from: ([0x20] + bytes)[1...]) == expected)
    }
}
