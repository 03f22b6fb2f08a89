/// A timestamp with second precision, serialized as RFC 3339 in UTC (`metav1.Time`):
/// `2024-05-01T12:30:00Z`.
public struct Time: Sendable, Hashable, Comparable {
    /// Whole seconds since 1970-01-01T00:00:00Z.
    public var secondsSinceEpoch: Int64

    public init(secondsSinceEpoch: Int64) {
        self.secondsSinceEpoch = secondsSinceEpoch
    }

    /// Parses RFC 3339 (any offset, optional fraction, which `metav1.Time` truncates to seconds).
    public init?(rfc3339 text: String) {
        guard let instant = RFC3339.parse(text) else { return nil }
        self.secondsSinceEpoch = instant.seconds
    }

    public var rfc3339: String { RFC3339.format(seconds: secondsSinceEpoch, microseconds: nil) }

    public static func < (lhs: Time, rhs: Time) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }
}

/// A timestamp with microsecond precision (`metav1.MicroTime`), used by Leases and events.k8s.io Events:
/// `2024-05-01T12:30:00.123456Z`.
public struct MicroTime: Sendable, Hashable, Comparable {
    /// Microseconds since 1970-01-01T00:00:00Z.
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    public init?(rfc3339 text: String) {
        guard let instant = RFC3339.parse(text) else { return nil }
        self.microsecondsSinceEpoch = instant.seconds * 1_000_000 + instant.microseconds
    }

    public var rfc3339: String {
        let (seconds, micros) = microsecondsSinceEpoch.floorDivided(by: 1_000_000)
        return RFC3339.format(seconds: seconds, microseconds: micros)
    }

    public static func < (lhs: MicroTime, rhs: MicroTime) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }
}

extension Time: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = Time(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not an RFC 3339 timestamp (e.g. 2024-05-01T12:30:00Z)")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }
}

extension MicroTime: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let time = MicroTime(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not an RFC 3339 timestamp (e.g. 2024-05-01T12:30:00.000000Z)")
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rfc3339)
    }
}

extension Int64 {
    /// Division that rounds toward negative infinity, so times before 1970 split correctly.
    func floorDivided(by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        var quotient = self / divisor
        var remainder = self % divisor
        if remainder < 0 {
            quotient -= 1
            remainder += divisor
        }
        return (quotient, remainder)
    }
}
