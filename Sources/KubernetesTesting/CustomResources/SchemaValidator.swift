import KubernetesCore

/// Validates a value against a schema node the way the API server's OpenAPI validator (kube-openapi) does:
/// the same keywords in the same order (type, string, format, number, array, enum, object), the same messages
/// and the same field paths (`spec.items[0].name`, map values as `spec.labels.key`).
struct SchemaValidator {
    private(set) var errors: [SchemaFieldError] = []

    /// `rootPath` names the value in messages and paths; objects are validated from the root (`""`).
    /// With `old` (an update), validation ratchets like the server's CRDValidationRatcheting: a value equal to
    /// its correlated old value is not validated again, so objects stored before a schema tightened stay writable.
    static func validate(_ value: JSONValue, against node: SchemaNode, rootPath: String = "", old: JSONValue? = nil)
        -> [SchemaFieldError]
    {
        var validator = SchemaValidator()
        validator.validate(value, node, path: rootPath, old: old)
        return validator.errors
    }

    private mutating func fail(_ kind: SchemaFieldError.Kind, _ path: String, _ value: JSONValue?, _ detail: String) {
        let field = path.hasPrefix(".") ? String(path.dropFirst()) : path
        errors.append(SchemaFieldError(kind, field: field, badValue: .value(value ?? .string("")), detail: detail))
    }

    private mutating func validate(_ value: JSONValue, _ node: SchemaNode, path: String, old: JSONValue? = nil) {
        if let old, old.normalizedNumber == value.normalizedNumber { return }
        let types = node.acceptedTypes
        if case .null = value {
            if !types.isEmpty && !node.nullable {
                fail(.typeInvalid, path, .string("null"),
                     "\(path) in body must be of type \(types.joined(separator: ",")): \"null\"")
            }
            validateEnum(value, node, path: path)
            return
        }
        // Later keywords run even after a type error, like upstream (each validator applies by the value's kind).
        validateType(value, node, types: types, path: path)
        if case .string(let text) = value {
            validateString(text, node, path: path)
            if let format = node.format, SchemaFormats.check(text, format: format) != nil {
                fail(.typeInvalid, path, value, "\(path) in body must be of type \(format): \(goQuote(text))")
            }
        }
        if let number = value.doubleValue, value.isNumber {
            validateNumber(number, value, node, path: path)
        }
        if case .array(let elements) = value {
            validateArray(elements, node, path: path, old: old)
        }
        validateEnum(value, node, path: path)
        if case .object(let members) = value {
            validateObject(members, node, path: path, old: old)
        }
    }

    private mutating func validateType(_ value: JSONValue, _ node: SchemaNode, types: [String], path: String) {
        guard !types.isEmpty else { return }
        let actual = value.openAPITypeName
        let isFloatInt = actual == "number" && types.contains("integer") && (value.doubleValue.map { $0 == $0.rounded() } ?? false)
        let isIntFloat = actual == "integer" && types.contains("number")
        if node.format != nil, !types.contains("number"), !types.contains("integer"), actual == "string" || actual == "array" {
            return
        }
        if types.contains(actual) || isFloatInt || isIntFloat { return }
        fail(.typeInvalid, path, .string(actual),
             "\(path) in body must be of type \(types.joined(separator: ",")): \(goQuote(actual))")
    }

    private mutating func validateString(_ text: String, _ node: SchemaNode, path: String) {
        let length = Int64(text.unicodeScalars.count)
        if let maxLength = node.maxLength, length > maxLength {
            let field = path.hasPrefix(".") ? String(path.dropFirst()) : path
            let unit = maxLength == 1 ? "byte" : "bytes"
            errors.append(SchemaFieldError(.tooLong, field: field, badValue: .value(.string(text)),
                                           detail: "may not be more than \(maxLength) \(unit)"))
        }
        if let minLength = node.minLength, length < minLength {
            fail(.invalid, path, .string(text), "\(path) in body should be at least \(minLength) chars long")
        }
        if let pattern = node.pattern {
            if let regex = node.compiledPattern, !regex.matches(text) {
                fail(.invalid, path, .string(text), "\(path) in body should match '\(pattern)'")
            }
        }
    }

    private mutating func validateNumber(_ number: Double, _ value: JSONValue, _ node: SchemaNode, path: String) {
        if let factor = node.multipleOf, factor > 0 {
            let quotient = number / factor
            if quotient != quotient.rounded() {
                fail(.invalid, path, value, "\(path) in body should be a multiple of \(GoStyleJSON.formatFloat(factor))")
            }
        }
        if let maximum = node.maximum {
            let exceeded = node.exclusiveMaximum ? number >= maximum : number > maximum
            if exceeded {
                let relation = node.exclusiveMaximum ? "less than" : "less than or equal to"
                fail(.invalid, path, value, "\(path) in body should be \(relation) \(GoStyleJSON.formatFloat(maximum))")
            }
        }
        if let minimum = node.minimum {
            let below = node.exclusiveMinimum ? number <= minimum : number < minimum
            if below {
                let relation = node.exclusiveMinimum ? "greater than" : "greater than or equal to"
                fail(.invalid, path, value, "\(path) in body should be \(relation) \(GoStyleJSON.formatFloat(minimum))")
            }
        }
    }

    private mutating func validateArray(_ elements: [JSONValue], _ node: SchemaNode, path: String, old: JSONValue?) {
        if let items = node.items {
            for (index, element) in elements.enumerated() {
                let correlated = Ratcheting.correlatedElement(element, in: old, list: node)
                validate(element, items, path: "\(path)[\(index)]", old: correlated)
            }
        }
        let count = Int64(elements.count)
        if let minItems = node.minItems, count < minItems {
            fail(.invalid, path, .integer(count), "\(path) in body should have at least \(minItems) items")
        }
        if let maxItems = node.maxItems, count > maxItems {
            let field = path.hasPrefix(".") ? String(path.dropFirst()) : path
            let unit = maxItems == 1 ? "item" : "items"
            errors.append(SchemaFieldError(.tooMany, field: field, badValue: .value(.integer(count)),
                                           detail: "must have at most \(maxItems) \(unit)"))
        }
        if node.uniqueItems {
            var seen = Set<JSONValue>()
            if elements.contains(where: { !seen.insert($0.normalizedNumber).inserted }) {
                fail(.invalid, path, nil, "\(path) in body shouldn't contain duplicates")
            }
        }
    }

    private mutating func validateEnum(_ value: JSONValue, _ node: SchemaNode, path: String) {
        guard let allowed = node.enumValues, !allowed.isEmpty else { return }
        let normalized = value.normalizedNumber
        if allowed.contains(where: { $0.normalizedNumber == normalized }) { return }
        let supported = allowed.map { allowedValue -> String in
            if case .string(let text) = allowedValue { return goQuote(text) }
            return goQuote(GoStyleJSON.encode(allowedValue))
        }
        let field = path.hasPrefix(".") ? String(path.dropFirst()) : path
        errors.append(SchemaFieldError(.notSupported, field: field, badValue: .value(value),
                                       detail: "supported values: " + supported.joined(separator: ", ")))
    }

    private mutating func validateObject(_ members: [String: JSONValue], _ node: SchemaNode, path: String, old: JSONValue?) {
        let count = Int64(members.count)
        if let minProperties = node.minProperties, count < minProperties {
            fail(.invalid, path, .integer(minProperties), "\(path) in body should have at least \(minProperties) properties")
            return
        }
        if let maxProperties = node.maxProperties, count > maxProperties {
            let field = path.hasPrefix(".") ? String(path.dropFirst()) : path
            let unit = maxProperties == 1 ? "item" : "items"
            errors.append(SchemaFieldError(.tooMany, field: field, badValue: .value(.integer(count)),
                                           detail: "must have at most \(maxProperties) \(unit)"))
            return
        }
        let childPrefix = path.isEmpty ? "" : path + "."
        switch node.additionalProperties {
        case .allowed(false):
            for key in members.keys.sorted() where node.properties[key] == nil {
                fail(.invalid, path, .string(key), "\(path).\(key) in body is a forbidden property")
            }
        case .schema(let valueSchema):
            for key in members.keys.sorted() where node.properties[key] == nil {
                if let member = members[key] { validate(member, valueSchema, path: "\(path).\(key)", old: old?[key]) }
            }
        case .allowed(true), .unspecified:
            break
        }
        for name in node.propertyNames {
            if let member = members[name], let child = node.properties[name] {
                validate(member, child, path: childPrefix + name, old: old?[name])
            }
        }
        for name in node.required where members[name] == nil {
            let field = path.isEmpty ? name : "\(path).\(name)"
            errors.append(SchemaFieldError(.required, field: field))
        }
    }
}

extension JSONValue {
    /// The OpenAPI type name of a value, as the validator reports it.
    var openAPITypeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    var isNumber: Bool {
        switch self {
        case .integer, .double: true
        default: false
        }
    }

    /// Integral doubles as integers, so that `1` and `1.0` compare equal (as they do after JSON decoding in Go).
    var normalizedNumber: JSONValue {
        switch self {
        case .double(let number) where number == number.rounded() && abs(number) < 9.2e18: .integer(Int64(number))
        case .array(let elements): .array(elements.map(\.normalizedNumber))
        case .object(let members): .object(members.mapValues(\.normalizedNumber))
        default: self
        }
    }
}

/// How an element of a new list finds its old counterpart: `listType: map` by its keys, `listType: set` by
/// value; atomic lists do not correlate (the server's ratcheting and `oldSelf` rules).
enum Ratcheting {
    static func correlatedElement(_ element: JSONValue, in old: JSONValue?, list node: SchemaNode) -> JSONValue? {
        guard let oldElements = old?.arrayValue else { return nil }
        switch node.listType {
        case "map" where !node.listMapKeys.isEmpty:
            return oldElements.first { candidate in node.listMapKeys.allSatisfy { candidate[$0] == element[$0] } }
        case "set":
            return oldElements.first { $0.normalizedNumber == element.normalizedNumber }
        default:
            return nil
        }
    }
}
