/// A string enumeration used in a custom resource: its cases become the schema's `enum`, and decoding an
/// unknown value names the allowed ones instead of Swift's generic message.
public protocol SchemaEnum: CaseIterable, RawRepresentable, Codable, Sendable, Hashable where RawValue == String {}

extension SchemaEnum {
    /// The allowed values in declaration order, as the schema and error messages list them.
    public static var allowedValues: [String] { allCases.map(\.rawValue) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not allowed; use one of: \(Self.allowedValues.joined(separator: ", "))")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
