/// The part of CEL's type check that catches mistakes in CRD rules: selecting a field the schema does not
/// declare (`self.replica` for `replicas`) is a compile error, as it is on the real server, so the CRD is
/// rejected at create time instead of every object failing later. Values whose schema is open
/// (preserve-unknown-fields, int-or-string, untyped) are dynamic and not checked.
enum CELSchemaCheck {
    /// `isRoot`: the rule sits on the object's root, where `apiVersion`, `kind` and `metadata` exist without
    /// being declared.
    static func undefinedField(in expression: CELExpression, selfSchema: SchemaNode, isRoot: Bool) -> CELError? {
        var scope: [String: SchemaNode] = ["self": selfSchema, "oldSelf": selfSchema]
        return check(expression, scope: &scope, root: isRoot ? selfSchema : nil).error
    }

    /// The schema a subexpression evaluates to (nil when unknown), or the first error found.
    private static func check(_ expression: CELExpression, scope: inout [String: SchemaNode], root: SchemaNode?)
        -> (node: SchemaNode?, error: CELError?)
    {
        switch expression {
        case .identifier(let name):
            return (scope[name], nil)
        case .select(let operand, let field), .has(let operand, let field):
            let inner = check(operand, scope: &scope, root: root)
            if let error = inner.error { return (nil, error) }
            guard let node = inner.node else { return (nil, nil) }
            if node === root && ["apiVersion", "kind", "metadata"].contains(field) { return (nil, nil) }
            let result = lookupField(field, in: node)
            if case .has = expression { return (nil, result.error) }
            return result
        case .index(let operand, let index):
            let inner = check(operand, scope: &scope, root: root)
            if let error = inner.error ?? check(index, scope: &scope, root: root).error { return (nil, error) }
            guard let node = inner.node else { return (nil, nil) }
            return (node.type == "array" ? node.items : node.additionalPropertiesSchema, nil)
        case .comprehension(let comprehension):
            let range = check(comprehension.range, scope: &scope, root: root)
            if let error = range.error { return (nil, error) }
            let saved = scope[comprehension.variable]
            defer { scope[comprehension.variable] = saved }
            // Lists bind their elements; maps bind their (string) keys, which have no schema.
            scope[comprehension.variable] = range.node?.type == "array" ? range.node?.items : nil
            for part in [comprehension.predicate, comprehension.transform].compactMap({ $0 }) {
                if let error = check(part, scope: &scope, root: root).error { return (nil, error) }
            }
            return (nil, nil)
        case .call(_, let target, let arguments):
            for part in ([target].compactMap { $0 } + arguments) {
                if let error = check(part, scope: &scope, root: root).error { return (nil, error) }
            }
            return (nil, nil)
        case .literal:
            return (nil, nil)
        case .list(let elements):
            for element in elements {
                if let error = check(element, scope: &scope, root: root).error { return (nil, error) }
            }
            return (nil, nil)
        case .map(let entries):
            for entry in entries {
                if let error = check(entry.key, scope: &scope, root: root).error ?? check(entry.value, scope: &scope, root: root).error {
                    return (nil, error)
                }
            }
            return (nil, nil)
        case .unary(_, let operand):
            return (nil, check(operand, scope: &scope, root: root).error)
        case .binary(_, let lhs, let rhs), .and(let lhs, let rhs), .or(let lhs, let rhs):
            return (nil, check(lhs, scope: &scope, root: root).error ?? check(rhs, scope: &scope, root: root).error)
        case .conditional(let condition, let whenTrue, let whenFalse):
            return (nil, check(condition, scope: &scope, root: root).error ?? check(whenTrue, scope: &scope, root: root).error
                ?? check(whenFalse, scope: &scope, root: root).error)
        }
    }

    private static func lookupField(_ name: String, in node: SchemaNode) -> (node: SchemaNode?, error: CELError?) {
        guard node.type == "object", !node.preserveUnknownFields, !node.embeddedResource else { return (nil, nil) }
        if let child = node.properties[name] { return (child, nil) }
        if let values = node.additionalPropertiesSchema { return (values, nil) }
        return (nil, CELError(.compile, "undefined field '\(name)'"))
    }
}
