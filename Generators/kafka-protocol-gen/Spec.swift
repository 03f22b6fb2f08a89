import Foundation

/// A coding key that accepts any attribute name, so the decoder can see (and reject) unknown attributes.
struct AttributeKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Raised when a spec file uses an attribute the generator does not understand. Being strict here means a
/// new upstream attribute (with possibly new wire semantics) cannot be silently ignored.
struct UnknownAttributeError: Error, CustomStringConvertible {
    var attribute: String
    var owner: String
    var description: String {
        "unknown attribute '\(attribute)' in \(owner); teach kafka-protocol-gen what it means before using this spec"
    }
}

/// Rejects any key of `container` that is not in `allowed`.
func checkAttributes(
    _ container: KeyedDecodingContainer<AttributeKey>, allowed: Set<String>, owner: String
) throws {
    for key in container.allKeys where !allowed.contains(key.stringValue) {
        throw UnknownAttributeError(attribute: key.stringValue, owner: owner)
    }
}

/// One message spec file (`messages/*.json`) as written upstream.
struct MessageSpec: Decodable {
    var apiKey: Int16?
    var type: String
    var name: String
    var validVersions: String
    var flexibleVersions: String
    var latestVersionUnstable: Bool
    var deprecatedVersions: String?
    var fields: [FieldSpec]
    var commonStructs: [CommonStructSpec]

    static let attributes: Set<String> = [
        "apiKey", "type", "listeners", "name", "validVersions", "flexibleVersions", "latestVersionUnstable",
        "deprecatedVersions", "fields", "commonStructs",
    ]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AttributeKey.self)
        let name = try c.decode(String.self, forKey: AttributeKey("name"))
        try checkAttributes(c, allowed: Self.attributes, owner: "message \(name)")
        self.name = name
        apiKey = try c.decodeIfPresent(Int16.self, forKey: AttributeKey("apiKey"))
        type = try c.decode(String.self, forKey: AttributeKey("type"))
        validVersions = try c.decode(String.self, forKey: AttributeKey("validVersions"))
        flexibleVersions = try c.decode(String.self, forKey: AttributeKey("flexibleVersions"))
        latestVersionUnstable = try c.decodeIfPresent(Bool.self, forKey: AttributeKey("latestVersionUnstable")) ?? false
        deprecatedVersions = try c.decodeIfPresent(String.self, forKey: AttributeKey("deprecatedVersions"))
        _ = try c.decodeIfPresent([String].self, forKey: AttributeKey("listeners"))
        fields = try c.decodeIfPresent([FieldSpec].self, forKey: AttributeKey("fields")) ?? []
        commonStructs = try c.decodeIfPresent([CommonStructSpec].self, forKey: AttributeKey("commonStructs")) ?? []
    }
}

/// A struct shared by several fields of one message (`commonStructs`).
struct CommonStructSpec: Decodable {
    var name: String
    var versions: String
    var fields: [FieldSpec]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AttributeKey.self)
        let name = try c.decode(String.self, forKey: AttributeKey("name"))
        try checkAttributes(c, allowed: ["name", "versions", "fields"], owner: "common struct \(name)")
        self.name = name
        versions = try c.decode(String.self, forKey: AttributeKey("versions"))
        fields = try c.decode([FieldSpec].self, forKey: AttributeKey("fields"))
    }
}

/// One field as written upstream.
struct FieldSpec: Decodable {
    var name: String
    var type: String
    var versions: String
    var nullableVersions: String?
    var taggedVersions: String?
    var tag: Int?
    /// The default as written; upstream uses both JSON strings and bare numbers/booleans.
    var defaultValue: String?
    var ignorable: Bool
    var flexibleVersions: String?
    var about: String?
    var fields: [FieldSpec]?

    static let attributes: Set<String> = [
        "name", "type", "versions", "nullableVersions", "taggedVersions", "tag", "default", "ignorable",
        "mapKey", "entityType", "about", "fields", "zeroCopy", "flexibleVersions",
    ]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AttributeKey.self)
        let name = try c.decode(String.self, forKey: AttributeKey("name"))
        try checkAttributes(c, allowed: Self.attributes, owner: "field \(name)")
        self.name = name
        type = try c.decode(String.self, forKey: AttributeKey("type"))
        versions = try c.decode(String.self, forKey: AttributeKey("versions"))
        nullableVersions = try c.decodeIfPresent(String.self, forKey: AttributeKey("nullableVersions"))
        taggedVersions = try c.decodeIfPresent(String.self, forKey: AttributeKey("taggedVersions"))
        // Upstream writes tags both as numbers and as numeric strings ("tag": "0").
        if let number = try? c.decodeIfPresent(Int.self, forKey: AttributeKey("tag")) {
            tag = number
        } else if let text = try c.decodeIfPresent(String.self, forKey: AttributeKey("tag")) {
            guard let number = Int(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: AttributeKey("tag"), in: c, debugDescription: "field \(name): tag '\(text)' is not a number")
            }
            tag = number
        } else {
            tag = nil
        }
        ignorable = try c.decodeIfPresent(Bool.self, forKey: AttributeKey("ignorable")) ?? false
        flexibleVersions = try c.decodeIfPresent(String.self, forKey: AttributeKey("flexibleVersions"))
        about = try c.decodeIfPresent(String.self, forKey: AttributeKey("about"))
        fields = try c.decodeIfPresent([FieldSpec].self, forKey: AttributeKey("fields"))
        _ = try c.decodeIfPresent(Bool.self, forKey: AttributeKey("mapKey"))
        _ = try c.decodeIfPresent(String.self, forKey: AttributeKey("entityType"))
        _ = try c.decodeIfPresent(Bool.self, forKey: AttributeKey("zeroCopy"))
        let key = AttributeKey("default")
        if let text = try? c.decode(String.self, forKey: key) {
            defaultValue = text
        } else if let flag = try? c.decode(Bool.self, forKey: key) {
            defaultValue = flag ? "true" : "false"
        } else if let number = try? c.decode(Int64.self, forKey: key) {
            defaultValue = String(number)
        } else if c.contains(key) {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: c, debugDescription: "field \(name): default must be a string, number or boolean")
        }
    }
}

/// One entry of `errors.json`.
struct ErrorSpec: Decodable {
    var code: Int16
    var name: String
    var message: String?
    var retriable: Bool
    var exception: String?
    var invalidMetadata: Bool?
}

struct ErrorsFile: Decodable {
    var errors: [ErrorSpec]
}

/// Upstream spec files are JSON with `//` comment lines; drop those lines before parsing. A `//` after JSON
/// on the same line is not used upstream and would fail to parse, which is the strict outcome we want.
func stripCommentLines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix("//") }
        .joined(separator: "\n")
}
