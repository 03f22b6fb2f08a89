import KubernetesCore
import KubernetesModels

/// One `x-kubernetes-validations` entry with its rule and message expression compiled.
struct CompiledValidationRule: Sendable {
    let rule: ApiextensionsV1.ValidationRule
    let program: Result<CELProgram, CELError>
    let messageProgram: Result<CELProgram, CELError>?

    init(_ rule: ApiextensionsV1.ValidationRule) {
        self.rule = rule
        let variables: Set<String> = ["self", "oldSelf"]
        do throws(CELError) {
            program = .success(try CELProgram(rule.rule, variables: variables))
        } catch {
            program = .failure(error)
        }
        if let source = rule.messageExpression {
            do throws(CELError) {
                messageProgram = .success(try CELProgram(source, variables: variables))
            } catch {
                messageProgram = .failure(error)
            }
        } else {
            messageProgram = nil
        }
    }

    /// A transition rule reads `oldSelf` and only runs on updates where the old value exists.
    var isTransitionRule: Bool {
        if case .success(let program) = program { return program.references("oldSelf") }
        return false
    }

    /// The failure text: the message expression's result, the message, or `failed rule: <rule>`.
    func failureMessage(bindings: [String: CELValue]) -> String {
        if case .success(let program) = messageProgram,
           case .string(let text)? = try? program.evaluate(bindings),
           !text.isEmpty, !text.contains("\n")
        {
            return text
        }
        if let message = rule.message, !message.isEmpty { return message }
        return "failed rule: \(rule.rule.trimmingCharacters(in: .whitespacesAndNewlines))"
    }
}

/// Runs every `x-kubernetes-validations` rule over an object, parents before children, with `self` bound to the
/// node's value and `oldSelf` to the correlated old value (object keys, map keys and `listType: map` keys
/// correlate; other list elements do not). Paths follow apimachinery's `field.Path`: `spec.items[0]`,
/// `spec.labels[key]`.
struct ValidationRuleRunner {
    private(set) var errors: [SchemaFieldError] = []

    static func run(_ value: JSONValue, old: JSONValue?, schema: SchemaNode) -> [SchemaFieldError] {
        var runner = ValidationRuleRunner()
        runner.visit(value, old: old, node: schema, path: "")
        return runner.errors
    }

    private mutating func visit(_ value: JSONValue, old: JSONValue?, node: SchemaNode, path: String) {
        if value == .null { return }
        if !node.compiledRules.isEmpty {
            let selfValue = CELValue(json: value, schema: node)
            let oldValue = old.map { CELValue(json: $0, schema: node) }
            let unchanged = old.map { $0.normalizedNumber == value.normalizedNumber } ?? false
            for compiled in node.compiledRules {
                // Ratcheting: a rule that does not read oldSelf is not re-checked on an unchanged value.
                if unchanged && !compiled.isTransitionRule { continue }
                evaluate(compiled, selfValue: selfValue, oldValue: oldValue, path: path)
            }
        }
        switch value {
        case .object(let members):
            for key in members.keys.sorted() {
                guard let member = members[key] else { continue }
                if let child = node.properties[key] {
                    visit(member, old: old?[key], node: child, path: path.isEmpty ? key : "\(path).\(key)")
                } else if let valueSchema = node.additionalPropertiesSchema {
                    visit(member, old: old?[key], node: valueSchema, path: "\(path.isEmpty ? "<nil>" : path)[\(key)]")
                }
            }
        case .array(let elements):
            guard let items = node.items else { return }
            for (index, element) in elements.enumerated() {
                let correlated = node.listType == "map" ? Ratcheting.correlatedElement(element, in: old, list: node) : nil
                visit(element, old: correlated, node: items, path: "\(path.isEmpty ? "<nil>" : path)[\(index)]")
            }
        default:
            return
        }
    }

    private mutating func evaluate(_ compiled: CompiledValidationRule, selfValue: CELValue, oldValue: CELValue?, path: String) {
        guard case .success(let program) = compiled.program else { return }
        var bindings: [String: CELValue] = ["self": selfValue]
        if compiled.rule.optionalOldSelf == true {
            // Such rules also run on create, where `oldSelf` is `optional.none()`.
            bindings["oldSelf"] = .optional(oldValue)
        } else {
            if compiled.isTransitionRule && oldValue == nil { return }
            if let oldValue { bindings["oldSelf"] = oldValue }
        }
        let fieldPath = Self.join(path, Self.normalize(fieldPath: compiled.rule.fieldPath))
        do throws(CELError) {
            let result = try program.evaluate(bindings)
            if result == .bool(true) { return }
            guard case .bool = result else {
                errors.append(SchemaFieldError(.invalid, field: path, detail: "rule did not evaluate to a bool: \(result.typeName)"))
                return
            }
            let message = compiled.failureMessage(bindings: bindings)
            errors.append(Self.error(reason: compiled.rule.reason, field: fieldPath, message: message))
        } catch {
            errors.append(SchemaFieldError(.invalid, field: path, detail: error.description))
        }
    }

    private static func error(reason: String?, field: String, message: String) -> SchemaFieldError {
        switch reason {
        case "FieldValueForbidden": SchemaFieldError(.forbidden, field: field, detail: message)
        case "FieldValueRequired": SchemaFieldError(.required, field: field, detail: message)
        case "FieldValueDuplicate": SchemaFieldError(.duplicate, field: field, detail: message)
        default: SchemaFieldError(.invalid, field: field, detail: message)
        }
    }

    private static func join(_ path: String, _ relative: String) -> String {
        if relative.isEmpty { return path }
        return path.isEmpty ? relative : "\(path).\(relative)"
    }

    /// `.spec.foo['bar.baz']` -> `spec.foo.bar.baz`: the form the server appends to the rule's node path.
    static func normalize(fieldPath: String?) -> String {
        guard var text = fieldPath, !text.isEmpty else { return "" }
        text = text.replacingOccurrences(of: "['", with: ".").replacingOccurrences(of: "']", with: "")
        return text.hasPrefix(".") ? String(text.dropFirst()) : text
    }
}
