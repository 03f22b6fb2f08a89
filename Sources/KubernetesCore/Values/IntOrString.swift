/// A value that is either an integer or a string (`intstr.IntOrString`), e.g. a port number or name,
/// or `maxUnavailable: 1` vs `"25%"`.
public enum IntOrString: Sendable, Hashable {
    case int(Int32)
    case string(String)
}

extension IntOrString: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int32.self) {
            self = .int(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }
}

extension IntOrString: ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, CustomStringConvertible {
    public init(integerLiteral value: Int32) { self = .int(value) }
    public init(stringLiteral value: String) { self = .string(value) }

    public var description: String {
        switch self {
        case .int(let value): return String(value)
        case .string(let value): return value
        }
    }

    /// Resolves against a total the way `intstr.GetScaledValueFromIntOrPercent` does: an int is
    /// itself; `"N%"` is N percent of `total`, rounded up or down. Returns nil for other strings.
    public func scaledValue(total: Int, roundUp: Bool) -> Int? {
        switch self {
        case .int(let value):
            return Int(value)
        case .string(let text):
            guard text.hasSuffix("%"), let percent = Int(text.dropLast()) else { return nil }
            let product = percent * total
            return roundUp ? (product + 99) / 100 : product / 100
        }
    }
}
