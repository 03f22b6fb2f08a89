/// A compiled CEL expression: parsed, with every identifier and function checked, ready to evaluate many times.
public struct CELProgram: Sendable, Hashable {
    public let source: String
    public let expression: CELExpression

    /// Compiles `source`; `variables` are the names it may read (`self`, `oldSelf`).
    public init(_ source: String, variables: Set<String>) throws(CELError) {
        self.source = source
        expression = try CELParser.parse(source)
        try Self.check(expression, variables: variables)
    }

    /// Evaluates with the given variable bindings.
    public func evaluate(_ bindings: [String: CELValue]) throws(CELError) -> CELValue {
        var evaluator = CELEvaluator(bindings: bindings)
        return try evaluator.evaluate(expression)
    }

    /// True when the expression reads `name` (a transition rule reads `oldSelf`).
    public func references(_ name: String) -> Bool { expression.references(name) }

    private static func check(_ expression: CELExpression, variables: Set<String>) throws(CELError) {
        switch expression {
        case .literal: return
        case .identifier(let name):
            guard variables.contains(name) || CELFunctions.typeNames.contains(name) else {
                throw CELError(.compile, "undeclared reference to '\(name)' (in container '')")
            }
        case .select(let operand, _), .has(let operand, _), .unary(_, let operand):
            try check(operand, variables: variables)
        case .index(let a, let b), .binary(_, let a, let b), .and(let a, let b), .or(let a, let b):
            try check(a, variables: variables)
            try check(b, variables: variables)
        case .call(let name, let target, let arguments):
            let known = target == nil ? CELFunctions.globalNames.contains(name) : CELFunctions.methodNames.contains(name)
            guard known else {
                throw CELError(.compile, "undeclared reference to '\(name)' (in container '')")
            }
            if let target { try check(target, variables: variables) }
            for argument in arguments { try check(argument, variables: variables) }
        case .list(let elements):
            for element in elements { try check(element, variables: variables) }
        case .map(let entries):
            for entry in entries {
                try check(entry.key, variables: variables)
                try check(entry.value, variables: variables)
            }
        case .conditional(let a, let b, let c):
            try check(a, variables: variables)
            try check(b, variables: variables)
            try check(c, variables: variables)
        case .comprehension(let comprehension):
            try check(comprehension.range, variables: variables)
            let inner = variables.union([comprehension.variable])
            if let predicate = comprehension.predicate { try check(predicate, variables: inner) }
            if let transform = comprehension.transform { try check(transform, variables: inner) }
        }
    }
}

/// Walks an expression with CEL's semantics: errors are values that `&&`, `||` and the `all`/`exists` macros
/// absorb when the other side decides the result.
struct CELEvaluator {
    var bindings: [String: CELValue]

    mutating func evaluate(_ expression: CELExpression) throws(CELError) -> CELValue {
        switch expression {
        case .literal(let value):
            return value
        case .identifier(let name):
            if let value = bindings[name] { return value }
            if CELFunctions.typeNames.contains(name) { return .type(name) }
            throw CELError(.evaluation, "no such attribute: \(name)")
        case .select(let operand, let field):
            let target = try evaluate(operand)
            guard case .map = target else { throw CELError.noOverload("_.\(field)", [target]) }
            guard let value = target.mapLookup(.string(field)) else {
                throw CELError(.evaluation, "no such key: \(field)")
            }
            return value
        case .has(let operand, let field):
            let target = try evaluate(operand)
            guard case .map = target else { throw CELError.noOverload("has", [target]) }
            return .bool(target.mapLookup(.string(field)) != nil)
        case .index(let operand, let indexExpression):
            return try CELFunctions.index(try evaluate(operand), try evaluate(indexExpression))
        case .call(let name, let targetExpression, let argumentExpressions):
            let target = try targetExpression.map { (expression) throws(CELError) in try evaluate(expression) }
            var arguments: [CELValue] = []
            for argument in argumentExpressions { arguments.append(try evaluate(argument)) }
            return try CELFunctions.call(name, target: target, arguments: arguments)
        case .list(let elements):
            var values: [CELValue] = []
            for element in elements { values.append(try evaluate(element)) }
            return .list(values)
        case .map(let entries):
            var values: [CELValue: CELValue] = [:]
            for entry in entries {
                let key = try evaluate(entry.key)
                switch key {
                case .string, .int, .uint, .bool: break
                default: throw CELError(.evaluation, "unsupported key type: \(key.typeName)")
                }
                guard values[key] == nil else { throw CELError(.evaluation, "Failed with repeated key") }
                values[key] = try evaluate(entry.value)
            }
            return .map(values)
        case .unary("!", let operand):
            let value = try evaluate(operand)
            guard case .bool(let flag) = value else { throw CELError.noOverload("!_", [value]) }
            return .bool(!flag)
        case .unary(_, let operand):
            return try CELFunctions.negate(try evaluate(operand))
        case .binary(let symbol, let lhs, let rhs):
            return try CELFunctions.binary(symbol, try evaluate(lhs), try evaluate(rhs))
        case .and(let lhs, let rhs):
            return try logical(lhs, rhs, decisive: false)
        case .or(let lhs, let rhs):
            return try logical(lhs, rhs, decisive: true)
        case .conditional(let condition, let whenTrue, let whenFalse):
            let value = try evaluate(condition)
            guard case .bool(let flag) = value else { throw CELError.noOverload("_?_:_", [value]) }
            return try evaluate(flag ? whenTrue : whenFalse)
        case .comprehension(let comprehension):
            return try evaluate(comprehension)
        }
    }

    /// `&&` (decisive value false) and `||` (decisive value true), commutative over errors.
    private mutating func logical(_ lhs: CELExpression, _ rhs: CELExpression, decisive: Bool) throws(CELError) -> CELValue {
        let operatorName = decisive ? "_||_" : "_&&_"
        var pending: CELError?
        do throws(CELError) {
            let left = try evaluate(lhs)
            guard case .bool(let flag) = left else { throw CELError.noOverload(operatorName, [left]) }
            if flag == decisive { return .bool(decisive) }
        } catch {
            pending = error
        }
        let right = try evaluate(rhs)
        guard case .bool(let flag) = right else { throw CELError.noOverload(operatorName, [right]) }
        if flag == decisive { return .bool(decisive) }
        if let pending { throw pending }
        return .bool(!decisive)
    }

    private mutating func evaluate(_ comprehension: CELExpression.Comprehension) throws(CELError) -> CELValue {
        let range = try evaluate(comprehension.range)
        let elements: [CELValue]
        switch range {
        case .list(let values): elements = values
        case .map(let entries): elements = Array(entries.keys)
        default: throw CELError.noOverload(comprehension.kind.rawValue, [range])
        }
        let saved = bindings[comprehension.variable]
        defer { bindings[comprehension.variable] = saved }

        func predicate(_ element: CELValue, _ evaluator: inout CELEvaluator) throws(CELError) -> Bool {
            evaluator.bindings[comprehension.variable] = element
            guard let expression = comprehension.predicate else { return true }
            let value = try evaluator.evaluate(expression)
            guard case .bool(let flag) = value else { throw CELError.noOverload(comprehension.kind.rawValue, [value]) }
            return flag
        }

        switch comprehension.kind {
        case .all, .exists:
            let decisive = comprehension.kind == .exists
            var pending: CELError?
            for element in elements {
                do throws(CELError) {
                    if try predicate(element, &self) == decisive { return .bool(decisive) }
                } catch {
                    pending = pending ?? error
                }
            }
            if let pending { throw pending }
            return .bool(!decisive)
        case .existsOne:
            var count = 0
            for element in elements where try predicate(element, &self) { count += 1 }
            return .bool(count == 1)
        case .filter:
            var kept: [CELValue] = []
            for element in elements where try predicate(element, &self) { kept.append(element) }
            return .list(kept)
        case .map:
            var mapped: [CELValue] = []
            for element in elements where try predicate(element, &self) {
                guard let transform = comprehension.transform else { continue }
                mapped.append(try evaluate(transform))
            }
            return .list(mapped)
        }
    }
}
