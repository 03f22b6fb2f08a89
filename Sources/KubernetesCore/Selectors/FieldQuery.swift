import Foundation

/// A parsed field selector (`?fieldSelector=metadata.name=x,status.phase!=Running`): only `=`, `==`
/// and `!=` exist for fields.
public struct FieldQuery: Sendable, Hashable, CustomStringConvertible {
    public struct Requirement: Sendable, Hashable {
        public var field: String
        public var value: String
        public var negated: Bool

        public init(field: String, value: String, negated: Bool = false) {
            self.field = field
            self.value = value
            self.negated = negated
        }

        /// `value` is what the object has for `field` (nil when the field is absent, which never equals).
        public func matches(_ actual: String?) -> Bool {
            negated ? actual != value : actual == value
        }
    }

    public private(set) var requirements: [Requirement]

    public init(_ requirements: [Requirement]) {
        self.requirements = requirements
    }

    public static let everything = FieldQuery([])

    public var description: String {
        requirements.map { "\($0.field)\($0.negated ? "!=" : "=")\(escape($0.value))" }.joined(separator: ",")
    }

    /// Parses `a=b,c!=d`. Values may escape `,`, `=` and `\` with a backslash, as apimachinery's do.
    public init(parsing text: String) throws(SelectorError) {
        var requirements: [Requirement] = []
        for term in FieldQuery.splitUnescaped(text, on: ",") where !term.trimmingSpaces.isEmpty {
            let term = term.trimmingSpaces
            let (field, rest, negated): (String, String, Bool)
            if let range = term.range(of: "!=") {
                (field, rest, negated) = (String(term[..<range.lowerBound]), String(term[range.upperBound...]), true)
            } else if let range = term.range(of: "==") {
                (field, rest, negated) = (String(term[..<range.lowerBound]), String(term[range.upperBound...]), false)
            } else if let range = term.range(of: "=") {
                (field, rest, negated) = (String(term[..<range.lowerBound]), String(term[range.upperBound...]), false)
            } else {
                throw SelectorError(selector: text, reason: "'\(term)' is not of the form field=value or field!=value")
            }
            guard !field.isEmpty else { throw SelectorError(selector: text, reason: "'\(term)' has no field name") }
            requirements.append(Requirement(field: field, value: FieldQuery.unescape(rest), negated: negated))
        }
        self.init(requirements)
    }

    /// Whether an object matches, given a function that reads one field's value as a string.
    public func matches(_ fieldValue: (String) -> String?) -> Bool {
        requirements.allSatisfy { $0.matches(fieldValue($0.field)) }
    }

    private static func splitUnescaped(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaping = false
        for character in text {
            if escaping {
                current.append("\\")
                current.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else if character == separator {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    private static func unescape(_ text: String) -> String {
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                result.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }

    private func escape(_ value: String) -> String {
        var result = ""
        for character in value {
            if character == "\\" || character == "," || character == "=" { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
