import KubernetesCore

extension JSONValue {
    /// Compact JSON with object keys sorted, escaped like Go's `encoding/json` (which the real server uses
    /// for the `k:` and `v:` keys of `fieldsV1`), so equal values always render to equal text.
    var compactJSON: String { GoStyleJSON.encode(self) }

    /// A JSON string literal, escaping `<`, `>` and `&` as Go does.
    static func quoted(_ text: String) -> String { GoStyleJSON.encode(.string(text)) }

    /// Text for field paths in conflict messages: strings quoted, other scalars plain (like structured-merge-diff).
    var pathText: String {
        switch self {
        case .string(let value): return Self.quoted(value)
        default: return compactJSON
        }
    }

    /// A total order over values, so sets of list keys and values sort deterministically.
    static func order(_ lhs: JSONValue, _ rhs: JSONValue) -> Int {
        func rank(_ value: JSONValue) -> Int {
            switch value {
            case .null: return 0
            case .bool: return 1
            case .integer, .double: return 2
            case .string: return 3
            case .array: return 4
            case .object: return 5
            }
        }
        let (left, right) = (rank(lhs), rank(rhs))
        if left != right { return left < right ? -1 : 1 }
        switch (lhs, rhs) {
        case (.bool(let a), .bool(let b)): return a == b ? 0 : (a ? 1 : -1)
        case (.string(let a), .string(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        default:
            if let a = lhs.doubleValue, let b = rhs.doubleValue { return a == b ? 0 : (a < b ? -1 : 1) }
            let (a, b) = (lhs.compactJSON, rhs.compactJSON)
            return a == b ? 0 : (a < b ? -1 : 1)
        }
    }
}
