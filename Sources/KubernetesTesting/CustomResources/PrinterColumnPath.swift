import KubernetesCore

/// The simple JSONPath forms `additionalPrinterColumns` use: `.spec.replicas`, `.metadata.labels['app']`,
/// `.spec.items[0].name`, `.spec.items[*].name` and filters such as
/// `.status.conditions[?(@.type=="Ready")].status`.
public struct PrinterColumnPath: Sendable, Hashable {
    enum Step: Sendable, Hashable {
        case field(String)
        case index(Int)
        case wildcard
        /// `[?(@.a.b == "v")]` or `!=`.
        case filter(path: [String], equals: Bool, value: JSONValue)
    }

    let steps: [Step]

    /// Parses `text` (with or without the surrounding `{}`); nil when it is not a supported simple path.
    public init?(_ text: String) {
        var source = Substring(text.trimmingCharacters(in: .whitespaces))
        if source.hasPrefix("{") && source.hasSuffix("}") { source = source.dropFirst().dropLast() }
        var steps: [Step] = []
        while !source.isEmpty {
            if source.hasPrefix(".") {
                source = source.dropFirst()
                let name = source.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty else { return nil }
                steps.append(.field(String(name)))
                source = source.dropFirst(name.count)
            } else if source.hasPrefix("[") {
                guard let close = Self.closingBracket(source) else { return nil }
                let inner = source[source.index(after: source.startIndex)..<close].trimmingCharacters(in: .whitespaces)
                source = source[source.index(after: close)...]
                if inner == "*" {
                    steps.append(.wildcard)
                } else if let index = Int(inner) {
                    steps.append(.index(index))
                } else if (inner.hasPrefix("'") && inner.hasSuffix("'")) || (inner.hasPrefix("\"") && inner.hasSuffix("\"")), inner.count >= 2 {
                    steps.append(.field(String(inner.dropFirst().dropLast())))
                } else if inner.hasPrefix("?(") && inner.hasSuffix(")") {
                    guard let filter = Self.filter(String(inner.dropFirst(2).dropLast())) else { return nil }
                    steps.append(filter)
                } else {
                    return nil
                }
            } else {
                return nil
            }
        }
        guard !steps.isEmpty else { return nil }
        self.steps = steps
    }

    private static func closingBracket(_ source: Substring) -> Substring.Index? {
        var quote: Character?
        var index = source.index(after: source.startIndex)
        while index < source.endIndex {
            let character = source[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "]" {
                return index
            }
            index = source.index(after: index)
        }
        return nil
    }

    private static func filter(_ text: String) -> Step? {
        let equals = text.contains("==")
        let parts = text.components(separatedBy: equals ? "==" : "!=")
        guard parts.count == 2 else { return nil }
        let lhs = parts[0].trimmingCharacters(in: .whitespaces)
        let rhs = parts[1].trimmingCharacters(in: .whitespaces)
        guard lhs.hasPrefix("@.") else { return nil }
        let path = lhs.dropFirst(2).split(separator: ".").map(String.init)
        let value: JSONValue
        if (rhs.hasPrefix("\"") && rhs.hasSuffix("\"") || rhs.hasPrefix("'") && rhs.hasSuffix("'")), rhs.count >= 2 {
            value = .string(String(rhs.dropFirst().dropLast()))
        } else if let number = Int64(rhs) {
            value = .integer(number)
        } else if rhs == "true" || rhs == "false" {
            value = .bool(rhs == "true")
        } else {
            return nil
        }
        return .filter(path: path, equals: equals, value: value)
    }

    /// Every value the path reaches, in document order.
    public func results(in value: JSONValue) -> [JSONValue] {
        var current = [value]
        for step in steps {
            var next: [JSONValue] = []
            for candidate in current {
                switch step {
                case .field(let name):
                    if let member = candidate[name] { next.append(member) }
                case .index(let index):
                    if let elements = candidate.arrayValue {
                        let position = index < 0 ? elements.count + index : index
                        if elements.indices.contains(position) { next.append(elements[position]) }
                    }
                case .wildcard:
                    if let elements = candidate.arrayValue { next += elements }
                    if let members = candidate.objectValue { next += members.keys.sorted().compactMap { members[$0] } }
                case .filter(let path, let equals, let expected):
                    for element in candidate.arrayValue ?? [] {
                        guard let actual = element[path: path] else { continue }
                        if (actual.normalizedNumber == expected.normalizedNumber) == equals { next.append(element) }
                    }
                }
            }
            current = next
        }
        return current
    }
}
