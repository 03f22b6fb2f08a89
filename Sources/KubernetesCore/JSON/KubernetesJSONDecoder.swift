import Foundation

/// Decodes `Decodable` types from JSON, several times faster than Foundation's `JSONDecoder` on
/// Kubernetes objects.
///
/// The document is scanned once into a flat tape (strict RFC 8259, the same checks as `JSONParser`):
/// one entry per value with byte offsets, numbers already parsed, no `String` or `Dictionary` built.
/// Types are decoded over the tape, matching object keys as bytes against the coding keys' UTF-8, and
/// making a `String` only for the string values a type reads. Open-schema fields typed `JSONValue`
/// (`managedFields[].fieldsV1`, `RawExtension`, custom resource bodies) are built as trees from the tape. Semantics follow `JSONDecoder` for what the models use: a missing key and `null`
/// both give `nil` from `decodeIfPresent`; a number that does not fit the requested type is
/// `dataCorrupted`; a JSON type other than the requested one is `typeMismatch`; a missing required
/// key is `keyNotFound`; errors carry the coding path. Invalid JSON throws `dataCorrupted` whose
/// underlying error is the `JSONParseError` (with the byte offset).
public struct KubernetesJSONDecoder: Sendable {
    /// Values handed to the types being decoded through `Decoder.userInfo`.
    public var userInfo: [CodingUserInfoKey: any Sendable] = [:]
    /// How deep arrays and objects may nest in the document.
    public var maximumDepth = 512

    public init() {}

    /// Decodes a value of `type` from a JSON document.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        if T.self == JSONValue.self {
            return try decode(type, from: try parse(bytes))
        }
        let document: JSONTapeDocument
        do {
            document = try JSONTapeDocument(bytes: bytes, maximumDepth: maximumDepth)
        } catch {
            throw Self.invalidJSON(error)
        }
        return try T(from: JSONTapeDecoder(document: document, userInfo: anyUserInfo))
    }

    /// Decodes a value of `type` from a JSON document.
    public func decode<T: Decodable>(_ type: T.Type, from bytes: ArraySlice<UInt8>) throws -> T {
        try decode(type, from: Array(bytes))
    }

    /// Decodes a value of `type` from a JSON document.
    public func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        try decode(type, from: Array(data))
    }

    /// Decodes a value of `type` from an already parsed document (e.g. a body read as `JSONValue`).
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        if T.self == JSONValue.self {
            // The types are equal, so the bit cast is an identity (a dynamic cast costs a runtime call).
            return unsafeBitCast(value, to: T.self)
        }
        return try T(from: JSONTreeDecoder(value: value, userInfo: anyUserInfo))
    }

    private var anyUserInfo: [CodingUserInfoKey: Any] {
        userInfo.isEmpty ? [:] : userInfo.mapValues { $0 as Any }
    }

    private func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        do {
            return try JSONParser(maximumDepth: maximumDepth).parse(bytes)
        } catch {
            throw Self.invalidJSON(error)
        }
    }

    private static func invalidJSON(_ error: JSONParseError) -> DecodingError {
        DecodingError.dataCorrupted(
            DecodingError.Context(
                codingPath: [], debugDescription: "The given data was not valid JSON: \(error)", underlyingError: error))
    }
}
