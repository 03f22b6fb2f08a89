/// A parsed CEL expression (the abstract syntax the evaluator walks). Macros (`has`, `all`, `exists`,
/// `exists_one`, `filter`, `map`) are their own nodes, as cel-go expands them at parse time.
public indirect enum CELExpression: Sendable, Hashable {
    case literal(CELValue)
    case identifier(String)
    case select(CELExpression, field: String)
    /// `has(operand.field)`.
    case has(CELExpression, field: String)
    case index(CELExpression, CELExpression)
    /// A function call; `target` is the receiver of a method call (`s.startsWith(x)`).
    case call(String, target: CELExpression?, arguments: [CELExpression])
    case list([CELExpression])
    case map([MapEntry])
    case unary(String, CELExpression)
    case binary(String, CELExpression, CELExpression)
    case and(CELExpression, CELExpression)
    case or(CELExpression, CELExpression)
    case conditional(CELExpression, CELExpression, CELExpression)
    case comprehension(Comprehension)

    public struct MapEntry: Sendable, Hashable {
        public var key: CELExpression
        public var value: CELExpression
    }

    /// A macro over a list or map: `range.all(variable, body)`, `range.map(variable, filter, body)`, ...
    public struct Comprehension: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case all, exists, existsOne = "exists_one", filter, map
        }
        public var kind: Kind
        public var range: CELExpression
        public var variable: String
        /// The predicate (`all`, `exists`, `exists_one`, `filter`, and the filter of a 3-argument `map`).
        public var predicate: CELExpression?
        /// The transform of `map`.
        public var transform: CELExpression?
    }

    /// The direct subexpressions.
    var children: [CELExpression] {
        switch self {
        case .literal, .identifier: return []
        case .select(let operand, _), .has(let operand, _), .unary(_, let operand): return [operand]
        case .index(let a, let b), .binary(_, let a, let b), .and(let a, let b), .or(let a, let b): return [a, b]
        case .call(_, let target, let arguments): return (target.map { [$0] } ?? []) + arguments
        case .list(let elements): return elements
        case .map(let entries): return entries.flatMap { [$0.key, $0.value] }
        case .conditional(let a, let b, let c): return [a, b, c]
        case .comprehension(let comprehension):
            return [comprehension.range] + [comprehension.predicate, comprehension.transform].compactMap { $0 }
        }
    }

    /// The height of the tree, computed without recursion (so that hostile input cannot exhaust the stack).
    var depth: Int {
        var deepest = 0
        var pending: [(CELExpression, Int)] = [(self, 1)]
        while let (expression, level) = pending.popLast() {
            deepest = max(deepest, level)
            pending.append(contentsOf: expression.children.map { ($0, level + 1) })
        }
        return deepest
    }

    /// True when the expression mentions the identifier (used to find transition rules that read `oldSelf`).
    public func references(_ name: String) -> Bool {
        switch self {
        case .literal: return false
        case .identifier(let identifier): return identifier == name
        case .select(let operand, _), .has(let operand, _), .unary(_, let operand): return operand.references(name)
        case .index(let a, let b), .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
            return a.references(name) || b.references(name)
        case .call(_, let target, let arguments):
            return (target?.references(name) ?? false) || arguments.contains { $0.references(name) }
        case .list(let elements): return elements.contains { $0.references(name) }
        case .map(let entries): return entries.contains { $0.key.references(name) || $0.value.references(name) }
        case .conditional(let a, let b, let c): return a.references(name) || b.references(name) || c.references(name)
        case .comprehension(let comprehension):
            if comprehension.variable == name {
                return comprehension.range.references(name)
            }
            return comprehension.range.references(name) || (comprehension.predicate?.references(name) ?? false)
                || (comprehension.transform?.references(name) ?? false)
        }
    }
}
