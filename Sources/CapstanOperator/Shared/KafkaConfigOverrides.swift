import KubernetesCore

/// Broker configuration overrides: `server.properties` keys and their values.
///
/// YAML users write `num.partitions: 6` or `auto.create.topics.enable: false` as numbers and booleans, and
/// list configs as arrays; all of those are accepted and kept as the text Kafka reads (lists comma-joined).
public struct KafkaConfigOverrides: Codable, Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// Values by key, as written to `server.properties`.
    public var values: [String: String]

    public init(_ values: [String: String] = [:]) {
        self.values = values
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.values = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode([String: JSONValue].self)
        var values: [String: String] = [:]
        for (key, value) in raw {
            guard let text = Self.text(of: value) else {
                throw DecodingError.dataCorruptedError(
                    in: container,
                    debugDescription: "config '\(key)' must be a string, number, boolean or a list of those, as in server.properties")
            }
            values[key] = text
        }
        self.values = values
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }

    private static func text(of value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .integer(let number): return String(number)
        case .double(let number): return String(number)
        case .array(let items):
            let texts = items.compactMap { item -> String? in
                if case .array = item { return nil }
                return text(of: item)
            }
            return texts.count == items.count ? texts.joined(separator: ",") : nil
        case .null, .object: return nil
        }
    }

    public var keys: [String] { values.keys.sorted() }
    public subscript(key: String) -> String? { values[key] }
}

extension KafkaConfigOverrides: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        // Values may be strings, numbers, booleans or lists of them, so the map's values stay open; the
        // operator validates keys (operator-owned keys refused) and the schema bounds the size.
        Schema.Props(
            description: "Broker configuration overrides (server.properties keys). Keys the operator owns (node.id, listeners, log.dirs, controller.quorum.*, ...) are refused.",
            maxProperties: 500,
            type: "object",
            xKubernetesPreserveUnknownFields: true)
    }
}
