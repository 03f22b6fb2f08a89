/// A Kafka protocol error code. A struct rather than an enum so codes newer than this package stay
/// representable; the known codes (`KafkaErrorCode.unknownTopicOrPartition`, ...) and their names,
/// messages and retriability are generated from Kafka's error table.
public struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int16

    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    /// An entry of Kafka's error table.
    struct Entry {
        var name: String
        var isRetriable: Bool
        var message: String?
    }

    /// Whether this is a known code of the error table.
    public var isKnown: Bool { Self.knownEntry(rawValue) != nil }

    /// The upper-snake name Kafka uses ("UNKNOWN_TOPIC_OR_PARTITION"), or "UNKNOWN_CODE_<n>".
    public var name: String { Self.knownEntry(rawValue)?.name ?? "UNKNOWN_CODE_\(rawValue)" }

    /// Whether Kafka marks the error as retriable (the same request may succeed later).
    public var isRetriable: Bool { Self.knownEntry(rawValue)?.isRetriable ?? false }

    /// Kafka's human-readable explanation, if any.
    public var message: String? { Self.knownEntry(rawValue)?.message }

    /// Whether this code means success.
    public var isSuccess: Bool { rawValue == 0 }

    public var description: String {
        guard let message else { return "\(name) (\(rawValue))" }
        return "\(name) (\(rawValue)): \(message)"
    }
}
