import KubernetesCore

/// A JSON pointer (RFC 6901) as JSON patch uses it: `/metadata/labels/app.kubernetes.io~1name`.
public struct JSONPointer: Hashable, Sendable, CustomStringConvertible {
    /// Unescaped reference tokens (`~1` is `/`, `~0` is `~`).
    public var tokens: [String]

    public init(tokens: [String]) { self.tokens = tokens }

    /// Parses a pointer; the empty string is the whole document.
    public init(parsing text: String) throws(PatchError) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else {
            throw .jsonPatchRejected("JSON pointer \"\(text)\" must be empty or start with '/'")
        }
        var parsed: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var iterator = raw.makeIterator()
            while let character = iterator.next() {
                guard character == "~" else {
                    token.append(character)
                    continue
                }
                switch iterator.next() {
                case "0": token.append("~")
                case "1": token.append("/")
                default: throw .jsonPatchRejected("JSON pointer \"\(text)\" has an invalid escape; use ~0 for '~' and ~1 for '/'")
                }
            }
            parsed.append(token)
        }
        tokens = parsed
    }

    public var description: String {
        tokens.map { "/" + $0.pointerEscaped }.joined()
    }

    /// The index a token names in an array of `count` elements; `-` (one past the end) only when `allowEnd`.
    static func arrayIndex(_ token: String, count: Int, allowEnd: Bool) -> Int? {
        if token == "-" { return allowEnd ? count : nil }
        guard !token.isEmpty, token.allSatisfy(\.isASCIIDigit), token == "0" || !token.hasPrefix("0"),
            let index = Int(token)
        else { return nil }
        return index <= (allowEnd ? count : count - 1) ? index : nil
    }
}

extension String {
    /// The token escaped for a JSON pointer: `~` as `~0`, `/` as `~1`.
    fileprivate var pointerEscaped: String {
        var out = ""
        for character in self {
            switch character {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(character)
            }
        }
        return out
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
