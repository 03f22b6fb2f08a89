/// Recursive-descent parser for the CEL grammar (conditional, `||`, `&&`, relations incl. `in`, `+ -`,
/// `* / %`, unary `! -`, member access, calls, indexing, list and map literals), expanding macros.
public struct CELParser {
    private var tokens: [CELToken]
    private var position = 0
    private var depth = 0

    /// The limits that keep evaluation (which recurses over the tree) within a thread's stack.
    static let maxSourceLength = 10_000
    static let maxDepth = 250

    /// Parses one expression; compile errors carry the column, like cel-go's `ERROR: <input>:1:N: ...`.
    public static func parse(_ source: String) throws(CELError) -> CELExpression {
        guard source.unicodeScalars.count <= maxSourceLength else {
            throw CELError(.compile, "expression code point size exceeds limit: size: \(source.unicodeScalars.count), limit \(maxSourceLength)")
        }
        var parser = CELParser(tokens: try CELLexer.tokenize(source))
        if parser.current.kind == .end {
            throw CELError(.compile, "Syntax error: mismatched input '<EOF>' expecting expression", column: 1)
        }
        let expression = try parser.expression()
        guard parser.current.kind == .end else {
            throw CELError(.compile, "Syntax error: extraneous input \(parser.describe(parser.current)) expecting <EOF>",
                           column: parser.current.column)
        }
        guard expression.depth <= maxDepth else {
            throw CELError(.compile, "expression nested too deeply (more than \(maxDepth) levels)")
        }
        return expression
    }

    private init(tokens: [CELToken]) {
        self.tokens = tokens
    }

    private var current: CELToken { tokens[min(position, tokens.count - 1)] }

    private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }

    private mutating func accept(_ symbol: String) -> Bool {
        guard isSymbol(symbol) else { return false }
        position += 1
        return true
    }

    private mutating func expect(_ symbol: String) throws(CELError) {
        guard accept(symbol) else {
            throw CELError(.compile, "Syntax error: mismatched input \(describe(current)) expecting '\(symbol)'",
                           column: current.column)
        }
    }

    private func describe(_ token: CELToken) -> String {
        switch token.kind {
        case .end: "'<EOF>'"
        case .identifier(let name): "'\(name)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .int(let value): "'\(value)'"
        case .uint(let value): "'\(value)u'"
        case .double(let value): "'\(value)'"
        case .string(let value): "'\"\(value)\"'"
        case .bytes: "bytes literal"
        }
    }

    private mutating func expression() throws(CELError) -> CELExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maxDepth else { throw CELError(.compile, "expression nested too deeply", column: current.column) }
        let condition = try conditionalOr()
        guard accept("?") else { return condition }
        let whenTrue = try conditionalOr()
        try expect(":")
        let whenFalse = try expression()
        return .conditional(condition, whenTrue, whenFalse)
    }

    private mutating func conditionalOr() throws(CELError) -> CELExpression {
        var lhs = try conditionalAnd()
        while accept("||") { lhs = .or(lhs, try conditionalAnd()) }
        return lhs
    }

    private mutating func conditionalAnd() throws(CELError) -> CELExpression {
        var lhs = try relation()
        while accept("&&") { lhs = .and(lhs, try relation()) }
        return lhs
    }

    private mutating func relation() throws(CELError) -> CELExpression {
        var lhs = try addition()
        while true {
            if case .identifier("in") = current.kind {
                position += 1
                lhs = .binary("in", lhs, try addition())
                continue
            }
            guard case .symbol(let symbol) = current.kind, ["<", "<=", ">", ">=", "==", "!="].contains(symbol) else {
                return lhs
            }
            position += 1
            lhs = .binary(symbol, lhs, try addition())
        }
    }

    private mutating func addition() throws(CELError) -> CELExpression {
        var lhs = try multiplication()
        while case .symbol(let symbol) = current.kind, symbol == "+" || symbol == "-" {
            position += 1
            lhs = .binary(symbol, lhs, try multiplication())
        }
        return lhs
    }

    private mutating func multiplication() throws(CELError) -> CELExpression {
        var lhs = try unary()
        while case .symbol(let symbol) = current.kind, ["*", "/", "%"].contains(symbol) {
            position += 1
            lhs = .binary(symbol, lhs, try unary())
        }
        return lhs
    }

    private mutating func unary() throws(CELError) -> CELExpression {
        depth += 1
        defer { depth -= 1 }
        guard depth < Self.maxDepth else { throw CELError(.compile, "expression nested too deeply", column: current.column) }
        if accept("!") { return .unary("!", try unary()) }
        if isSymbol("-") {
            position += 1
            // Fold negative literals so that -9223372036854775808 parses.
            if case .int(let value) = current.kind {
                position += 1
                return try member(.literal(.int(-value)))
            }
            return .unary("-", try unary())
        }
        return try member(try primary())
    }

    private mutating func member(_ start: CELExpression) throws(CELError) -> CELExpression {
        var operand = start
        while true {
            if accept(".") {
                guard case .identifier(let name) = current.kind else {
                    throw CELError(.compile, "Syntax error: no viable alternative at input '.\(describe(current))'",
                                   column: current.column)
                }
                let column = current.column
                position += 1
                if accept("(") {
                    let arguments = try argumentList(closing: ")")
                    operand = try method(name, target: operand, arguments: arguments, column: column)
                } else {
                    operand = .select(operand, field: name)
                }
            } else if accept("[") {
                let index = try expression()
                try expect("]")
                operand = .index(operand, index)
            } else {
                return operand
            }
        }
    }

    private mutating func argumentList(closing: String) throws(CELError) -> [CELExpression] {
        var arguments: [CELExpression] = []
        if accept(closing) { return arguments }
        repeat {
            if isSymbol(closing) { break }  // trailing comma
            arguments.append(try expression())
        } while accept(",")
        try expect(closing)
        return arguments
    }

    private mutating func primary() throws(CELError) -> CELExpression {
        let token = current
        position += 1
        switch token.kind {
        case .int(let value): return .literal(.int(value))
        case .uint(let value): return .literal(.uint(value))
        case .double(let value): return .literal(.double(value))
        case .string(let value): return .literal(.string(value))
        case .bytes(let value): return .literal(.bytes(value))
        case .identifier(let name):
            switch name {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default: break
            }
            if accept("(") {
                let arguments = try argumentList(closing: ")")
                if name == "has" {
                    guard arguments.count == 1, case .select(let operand, let field) = arguments[0] else {
                        throw CELError(.compile, "invalid argument to has() macro", column: token.column)
                    }
                    return .has(operand, field: field)
                }
                return .call(name, target: nil, arguments: arguments)
            }
            return .identifier(name)
        case .symbol("("):
            let inner = try expression()
            try expect(")")
            return inner
        case .symbol("["):
            return .list(try argumentList(closing: "]"))
        case .symbol("{"):
            var entries: [CELExpression.MapEntry] = []
            if !accept("}") {
                repeat {
                    if isSymbol("}") { break }
                    let key = try expression()
                    try expect(":")
                    entries.append(.init(key: key, value: try expression()))
                } while accept(",")
                try expect("}")
            }
            return .map(entries)
        case .symbol("."):
            return try primary()
        default:
            throw CELError(.compile, "Syntax error: mismatched input \(describe(token)) expecting expression",
                           column: token.column)
        }
    }

    /// Method calls, expanding the comprehension macros.
    private func method(_ name: String, target: CELExpression, arguments: [CELExpression], column: Int) throws(CELError)
        -> CELExpression
    {
        guard let kind = CELExpression.Comprehension.Kind(rawValue: name) else {
            return .call(name, target: target, arguments: arguments)
        }
        let validCount = kind == .map ? (arguments.count == 2 || arguments.count == 3) : arguments.count == 2
        guard validCount, case .identifier(let variable) = arguments[0] else {
            if case .identifier = arguments.first, !validCount {
                return .call(name, target: target, arguments: arguments)
            }
            throw CELError(.compile, "argument must be a simple name", column: column)
        }
        switch kind {
        case .map where arguments.count == 3:
            return .comprehension(.init(kind: .map, range: target, variable: variable, predicate: arguments[1],
                                        transform: arguments[2]))
        case .map:
            return .comprehension(.init(kind: .map, range: target, variable: variable, predicate: nil,
                                        transform: arguments[1]))
        default:
            return .comprehension(.init(kind: kind, range: target, variable: variable, predicate: arguments[1],
                                        transform: nil))
        }
    }
}
