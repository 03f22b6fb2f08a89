/// One parsed requirement of a label selector, e.g. `tier in (a,b)`.
public struct LabelRequirement: Sendable, Hashable {
    public enum Operator: String, Sendable, Hashable {
        case equals = "="
        case notEquals = "!="
        case `in` = "in"
        case notIn = "notin"
        case exists = "exists"
        case doesNotExist = "!"
        case greaterThan = "gt"
        case lessThan = "lt"
    }

    public var key: String
    public var `operator`: Operator
    /// Sorted and de-duplicated, so equal requirements compare equal.
    public var values: [String]

    public init(key: String, operator: Operator, values: [String] = []) {
        self.key = key
        self.operator = `operator`
        self.values = Array(Set(values)).sorted()
    }

    /// Whether a set of labels satisfies this requirement, with apimachinery's semantics: `!=` and `notin`
    /// also match objects that lack the key; `gt`/`lt` compare integers and never match non-integers.
    public func matches(_ labels: [String: String]) -> Bool {
        let value = labels[key]
        switch `operator` {
        case .equals, .in:
            guard let value else { return false }
            return values.contains(value)
        case .notEquals, .notIn:
            guard let value else { return true }
            return !values.contains(value)
        case .exists:
            return value != nil
        case .doesNotExist:
            return value == nil
        case .greaterThan, .lessThan:
            guard let value, let actual = Int64(value), let bound = values.first.flatMap({ Int64($0) }) else {
                return false
            }
            return `operator` == .greaterThan ? actual > bound : actual < bound
        }
    }
}

extension LabelRequirement: CustomStringConvertible {
    /// The string form that `LabelQuery(parsing:)` reads back.
    public var description: String {
        switch `operator` {
        case .equals: return "\(key)=\(values.first ?? "")"
        case .notEquals: return "\(key)!=\(values.first ?? "")"
        case .in: return "\(key) in (\(values.joined(separator: ",")))"
        case .notIn: return "\(key) notin (\(values.joined(separator: ",")))"
        case .exists: return key
        case .doesNotExist: return "!\(key)"
        case .greaterThan: return "\(key)>\(values.first ?? "")"
        case .lessThan: return "\(key)<\(values.first ?? "")"
        }
    }
}

/// A parsed label selector: every requirement must hold. The empty query matches everything.
public struct LabelQuery: Sendable, Hashable, CustomStringConvertible {
    /// Sorted by key, so the string form is canonical.
    public private(set) var requirements: [LabelRequirement]

    public init(_ requirements: [LabelRequirement]) {
        self.requirements = requirements.sorted { ($0.key, $0.description) < ($1.key, $1.description) }
    }

    /// Matches everything.
    public static let everything = LabelQuery([])

    public func matches(_ labels: [String: String]?) -> Bool {
        let labels = labels ?? [:]
        return requirements.allSatisfy { $0.matches(labels) }
    }

    public var isEverything: Bool { requirements.isEmpty }

    /// The selector string, as sent in `?labelSelector=`.
    public var description: String {
        requirements.map(\.description).joined(separator: ",")
    }
}

/// Why a label selector was refused.
public struct SelectorError: Error, Hashable, Sendable, CustomStringConvertible {
    public var selector: String
    public var reason: String

    public init(selector: String, reason: String) {
        self.selector = selector
        self.reason = reason
    }

    public var description: String { "invalid selector '\(selector)': \(reason)" }
}

extension LabelSelector {
    /// Converts the API form to a query, as `metav1.LabelSelectorAsSelector` does, validating operators
    /// and values. A selector with nothing in it matches everything.
    public func query() throws(SelectorError) -> LabelQuery {
        var requirements: [LabelRequirement] = []
        for (key, value) in matchLabels ?? [:] {
            try LabelSyntax.validateKey(key, selector: "matchLabels")
            try LabelSyntax.validateValue(value, key: key, selector: "matchLabels")
            requirements.append(LabelRequirement(key: key, operator: .equals, values: [value]))
        }
        for (index, expression) in (matchExpressions ?? []).enumerated() {
            let field = "matchExpressions[\(index)]"
            try LabelSyntax.validateKey(expression.key, selector: field)
            let values = expression.values ?? []
            let op: LabelRequirement.Operator
            switch expression.operator {
            case "In": op = .in
            case "NotIn": op = .notIn
            case "Exists": op = .exists
            case "DoesNotExist": op = .doesNotExist
            default:
                throw SelectorError(
                    selector: field,
                    reason: "operator '\(expression.operator)' is not one of In, NotIn, Exists, DoesNotExist")
            }
            switch op {
            case .in, .notIn:
                if values.isEmpty {
                    throw SelectorError(selector: field, reason: "operator \(expression.operator) needs at least one value")
                }
            default:
                if !values.isEmpty {
                    throw SelectorError(selector: field, reason: "operator \(expression.operator) takes no values")
                }
            }
            for value in values {
                try LabelSyntax.validateValue(value, key: expression.key, selector: field)
            }
            requirements.append(LabelRequirement(key: expression.key, operator: op, values: values))
        }
        return LabelQuery(requirements)
    }

    /// Whether labels match this selector; an invalid selector matches nothing.
    public func matches(_ labels: [String: String]?) -> Bool {
        (try? query().matches(labels)) ?? false
    }
}
