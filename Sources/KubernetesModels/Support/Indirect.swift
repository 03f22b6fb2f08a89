/// Heap storage for a field whose type contains the enclosing type again (`JSONSchemaProps.not`), so the
/// struct has a finite size. Value semantics; encodes as the wrapped value.
public indirect enum Indirect<Value: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    case value(Value)

    public init(_ value: Value) { self = .value(value) }

    public var value: Value {
        switch self {
        case .value(let value): return value
        }
    }

    public init(from decoder: any Decoder) throws {
        self = .value(try Value(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}
