import KubernetesCore

extension JSONValue {
    /// Compact JSON with object keys sorted, escaped like Go's `encoding/json` (which the real server uses
    /// for the `k:` and `v:` keys of `fieldsV1`), so equal values always render to equal text.
    var compactJSON: String {
        var out = ""
        render(into: &out)
        return out
    }

    private func render(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .integer(let value): out += String(value)
        case .double(let value):
            if value.rounded() == value, abs(value) < 1e15 {
                out += String(Int64(value))
            } else {
                out += "\(value)"
            }
        case .string(let value): out += Self.quoted(value)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.render(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                out += Self.quoted(key)
                out += ":"
                members[key]?.render(into: &out)
            }
            out += "}"
        }
    }

    /// A JSON string literal, escaping `<`, `>` and `&` as Go does.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

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
