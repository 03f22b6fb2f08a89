import KubernetesCore

/// JSON patch (RFC 6902, `application/json-patch+json`): a list of `add`, `remove`, `replace`, `move`,
/// `copy` and `test` operations applied in order; if one fails, nothing is applied.
public enum JSONPatch {
    /// The real server's limit on operations in one JSON patch.
    public static let maxOperations = 10_000

    /// Applies `patch` (the request body) to `document`.
    ///
    /// - Throws: `PatchError` 400 when the body is not a list (worded like the real server's decoder error),
    ///   and the real server's generic 422 for any operation that fails (`diagnostic` says which and why).
    public static func apply(_ patch: JSONValue, to document: JSONValue) throws(PatchError) -> JSONValue {
        let operations: [JSONValue]
        switch patch {
        case .array(let values): operations = values
        case .null: operations = []
        default:
            throw .badRequest(
                "error decoding patch: json: cannot unmarshal \(goTypeName(patch)) into Go value of type []handlers.jsonPatchOp")
        }
        if operations.count > maxOperations {
            throw PatchError(
                code: 413, reason: "RequestEntityTooLarge",
                message: "The allowed maximum operations in a JSON patch is \(maxOperations), got \(operations.count)")
        }
        var result = document
        for (index, operation) in operations.enumerated() {
            do {
                result = try apply(operation: operation, to: result)
            } catch let error {
                throw .jsonPatchRejected("operation \(index): \(error.diagnostic ?? error.message)")
            }
        }
        return result
    }

    private static func goTypeName(_ value: JSONValue) -> String {
        switch value {
        case .object: return "object"
        case .string: return "string"
        case .bool: return "bool"
        case .integer, .double: return "number"
        case .array: return "array"
        case .null: return "null"
        }
    }

    private static func apply(operation: JSONValue, to document: JSONValue) throws(PatchError) -> JSONValue {
        guard case .object(let fields) = operation else {
            throw .jsonPatchRejected("each operation must be an object with \"op\" and \"path\"")
        }
        guard let op = fields["op"]?.stringValue else { throw .jsonPatchRejected("operation has no \"op\"") }
        guard let pathText = fields["path"]?.stringValue else {
            throw .jsonPatchRejected("\(op) operation has no \"path\"")
        }
        let path = try JSONPointer(parsing: pathText)
        func value() throws(PatchError) -> JSONValue {
            guard let value = fields["value"] else { throw .jsonPatchRejected("\(op) operation has no \"value\"") }
            return value
        }
        func from() throws(PatchError) -> JSONPointer {
            guard let text = fields["from"]?.stringValue else { throw .jsonPatchRejected("\(op) operation has no \"from\"") }
            return try JSONPointer(parsing: text)
        }
        switch op {
        case "add":
            return try add(try value(), at: path.tokens, in: document)
        case "remove":
            return try remove(at: path.tokens, in: document).document
        case "replace":
            _ = try get(path.tokens, in: document)
            return try replace(at: path.tokens, with: try value(), in: document)
        case "move":
            let source = try from()
            if source == path { return document }
            if path.tokens.count > source.tokens.count, Array(path.tokens.prefix(source.tokens.count)) == source.tokens {
                throw .jsonPatchRejected("cannot move \(source) into its own child \(path)")
            }
            let (remaining, moved) = try remove(at: source.tokens, in: document)
            return try add(moved, at: path.tokens, in: remaining)
        case "copy":
            return try add(try get(try from().tokens, in: document), at: path.tokens, in: document)
        case "test":
            let actual = try get(path.tokens, in: document)
            let expected = try value()
            guard equivalent(actual, expected) else {
                throw .jsonPatchRejected("test failed: \(path) is \(actual.compactJSON), not \(expected.compactJSON)")
            }
            return document
        default:
            throw .jsonPatchRejected("unknown op \"\(op)\"; use add, remove, replace, move, copy or test")
        }
    }

    /// Equality for `test`: numbers compare by value (1 equals 1.0).
    static func equivalent(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equivalent($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count && a.allSatisfy { key, value in b[key].map { equivalent(value, $0) } ?? false }
        default:
            if let a = lhs.doubleValue, let b = rhs.doubleValue { return a == b }
            return lhs == rhs
        }
    }

    static func get(_ tokens: [String], in document: JSONValue) throws(PatchError) -> JSONValue {
        var current = document
        for (depth, token) in tokens.enumerated() {
            switch current {
            case .object(let members):
                guard let next = members[token] else { throw missing(tokens, depth) }
                current = next
            case .array(let values):
                guard let index = JSONPointer.arrayIndex(token, count: values.count, allowEnd: false) else {
                    throw missing(tokens, depth)
                }
                current = values[index]
            default:
                throw missing(tokens, depth)
            }
        }
        return current
    }

    private static func missing(_ tokens: [String], _ depth: Int) -> PatchError {
        .jsonPatchRejected("path \(JSONPointer(tokens: Array(tokens.prefix(depth + 1)))) does not exist")
    }

    /// Rebuilds `document` with the container at `tokens.dropLast()` changed by `change`.
    private static func modifyParent(
        of tokens: [String], in document: JSONValue, depth: Int = 0,
        _ change: (JSONValue, String) throws(PatchError) -> JSONValue
    ) throws(PatchError) -> JSONValue {
        if depth == tokens.count - 1 { return try change(document, tokens[depth]) }
        let token = tokens[depth]
        switch document {
        case .object(var members):
            guard let child = members[token] else { throw missing(tokens, depth) }
            members[token] = try modifyParent(of: tokens, in: child, depth: depth + 1, change)
            return .object(members)
        case .array(var values):
            guard let index = JSONPointer.arrayIndex(token, count: values.count, allowEnd: false) else {
                throw missing(tokens, depth)
            }
            values[index] = try modifyParent(of: tokens, in: values[index], depth: depth + 1, change)
            return .array(values)
        default:
            throw missing(tokens, depth)
        }
    }

    static func add(_ value: JSONValue, at tokens: [String], in document: JSONValue) throws(PatchError) -> JSONValue {
        if tokens.isEmpty { return value }
        return try modifyParent(of: tokens, in: document) { (parent, token) throws(PatchError) in
            switch parent {
            case .object(var members):
                members[token] = value
                return .object(members)
            case .array(var values):
                guard let index = JSONPointer.arrayIndex(token, count: values.count, allowEnd: true) else {
                    throw .jsonPatchRejected("add: index \(token) is out of range for an array of \(values.count)")
                }
                values.insert(value, at: index)
                return .array(values)
            default:
                throw .jsonPatchRejected("add: the parent of \(JSONPointer(tokens: tokens)) is not an object or array")
            }
        }
    }

    static func replace(at tokens: [String], with value: JSONValue, in document: JSONValue) throws(PatchError) -> JSONValue {
        if tokens.isEmpty { return value }
        return try modifyParent(of: tokens, in: document) { (parent, token) throws(PatchError) in
            switch parent {
            case .object(var members):
                guard members[token] != nil else { throw .jsonPatchRejected("replace: \(JSONPointer(tokens: tokens)) does not exist") }
                members[token] = value
                return .object(members)
            case .array(var values):
                guard let index = JSONPointer.arrayIndex(token, count: values.count, allowEnd: false) else {
                    throw .jsonPatchRejected("replace: index \(token) is out of range")
                }
                values[index] = value
                return .array(values)
            default:
                throw .jsonPatchRejected("replace: the parent of \(JSONPointer(tokens: tokens)) is not an object or array")
            }
        }
    }

    static func remove(at tokens: [String], in document: JSONValue) throws(PatchError) -> (document: JSONValue, removed: JSONValue) {
        guard !tokens.isEmpty else { throw .jsonPatchRejected("remove: cannot remove the whole document") }
        var removed: JSONValue = .null
        let result = try modifyParent(of: tokens, in: document) { (parent, token) throws(PatchError) in
            switch parent {
            case .object(var members):
                guard let value = members.removeValue(forKey: token) else {
                    throw .jsonPatchRejected("remove: \(JSONPointer(tokens: tokens)) does not exist")
                }
                removed = value
                return .object(members)
            case .array(var values):
                guard let index = JSONPointer.arrayIndex(token, count: values.count, allowEnd: false) else {
                    throw .jsonPatchRejected("remove: index \(token) is out of range")
                }
                removed = values.remove(at: index)
                return .array(values)
            default:
                throw .jsonPatchRejected("remove: the parent of \(JSONPointer(tokens: tokens)) is not an object or array")
            }
        }
        return (result, removed)
    }
}
