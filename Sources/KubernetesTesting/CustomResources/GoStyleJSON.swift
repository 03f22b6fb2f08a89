import Foundation
import KubernetesCore

/// JSON text exactly as Go's `encoding/json` writes it (sorted keys, compact, HTML characters escaped, Go's
/// float formatting): the server prints offending values this way in validation messages.
enum GoStyleJSON {
    static func encode(_ value: JSONValue, escapeHTML: Bool = true) -> String {
        var out = ""
        write(value, into: &out, escapeHTML: escapeHTML)
        return out
    }

    private static func write(_ value: JSONValue, into out: inout String, escapeHTML: Bool) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .integer(let number): out += String(number)
        case .double(let number): out += formatFloat(number)
        case .string(let text): writeString(text, into: &out, escapeHTML: escapeHTML)
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                write(element, into: &out, escapeHTML: escapeHTML)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                writeString(key, into: &out, escapeHTML: escapeHTML)
                out += ":"
                if let member = members[key] { write(member, into: &out, escapeHTML: escapeHTML) }
            }
            out += "}"
        }
    }

    /// Go's `%v` / JSON float text: integral values without a fraction, exponents from 1e21.
    static func formatFloat(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e21 {
            if abs(number) < 9.2e18 { return String(Int64(number)) }
            // Between Int64 and 1e21 Go still prints every digit; integral doubles there are exact in Decimal.
            return "\(Decimal(number))"
        }
        var text = "\(number)"
        // Swift writes exponents like Go ("1e-07", "1e+21"); make sure a bare positive one gets Go's "+".
        if let range = text.range(of: "e"), text[range.upperBound...].first?.isNumber == true {
            text.replaceSubrange(range, with: "e+")
        }
        return text
    }

    private static func writeString(_ text: String, into out: inout String, escapeHTML: Bool) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<" where escapeHTML: out += "\\u003c"
            case ">" where escapeHTML: out += "\\u003e"
            case "&" where escapeHTML: out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
