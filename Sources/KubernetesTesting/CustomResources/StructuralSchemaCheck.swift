import KubernetesCore
import KubernetesModels

/// The structural-schema rules a CRD version's `openAPIV3Schema` must follow, plus its defaults, patterns,
/// list/map extensions and CEL rules. Paths follow the server: `properties[spec]`, `items`, `additionalProperties`.
enum StructuralSchemaCheck {
    private enum Position { case root, property, items, additionalProperties }

    static func errors(_ props: ApiextensionsV1.JSONSchemaProps, path: String, isRoot: Bool) -> [SchemaFieldError] {
        var errors: [SchemaFieldError] = []
        visit(props, path: path, position: isRoot ? .root : .property, errors: &errors)
        return errors
    }

    private static func visit(
        _ props: ApiextensionsV1.JSONSchemaProps, path: String, position: Position, errors: inout [SchemaFieldError]
    ) {
        let type = props.type ?? ""
        let intOrString = props.xKubernetesIntOrString ?? false
        let preserve = props.xKubernetesPreserveUnknownFields ?? false
        if props.ref != nil {
            errors.append(SchemaFieldError(.forbidden, field: "\(path).$ref", detail: "$ref is not supported"))
        }
        if type.isEmpty && !intOrString && !preserve && position != .root {
            let detail = switch position {
            case .items: "must not be empty for specified array items"
            case .additionalProperties: "must not be empty for specified additionalProperties"
            default: "must not be empty for specified object fields"
            }
            errors.append(SchemaFieldError(.required, field: "\(path).type", detail: detail))
        }
        if !type.isEmpty && !["object", "array", "string", "integer", "number", "boolean"].contains(type) {
            errors.append(SchemaFieldError(
                .notSupported, field: "\(path).type", badValue: .value(.string(type)),
                detail: "supported values: \"array\", \"boolean\", \"integer\", \"number\", \"object\", \"string\""))
        }
        if intOrString && !type.isEmpty {
            errors.append(SchemaFieldError(.forbidden, field: "\(path).type",
                                           detail: "must be empty if x-kubernetes-int-or-string is true"))
        }
        if props.xKubernetesPreserveUnknownFields == false {
            errors.append(SchemaFieldError(.invalid, field: "\(path).x-kubernetes-preserve-unknown-fields",
                                           badValue: .value(.bool(false)), detail: "must be true or undefined"))
        }
        if props.xKubernetesEmbeddedResource == true && type != "object" {
            errors.append(SchemaFieldError(.invalid, field: "\(path).type", badValue: .value(.string(type)),
                                           detail: "must be object if x-kubernetes-embedded-resource is true"))
        }
        if props.uniqueItems == true {
            errors.append(SchemaFieldError(.forbidden, field: "\(path).uniqueItems",
                                           detail: "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"))
        }
        switch props.additionalProperties {
        case .allowed(false)?:
            errors.append(SchemaFieldError(.forbidden, field: "\(path).additionalProperties",
                                           detail: "additionalProperties cannot be set to false"))
        case .schema(let valueSchema)?:
            if !(props.properties ?? [:]).isEmpty {
                errors.append(SchemaFieldError(.forbidden, field: "\(path).additionalProperties",
                                               detail: "additionalProperties and properties are mutual exclusive"))
            }
            visit(valueSchema, path: "\(path).additionalProperties", position: .additionalProperties, errors: &errors)
        case .allowed(true)?:
            if !preserve {
                errors.append(SchemaFieldError(.forbidden, field: "\(path).additionalProperties",
                                               detail: "must not be used without x-kubernetes-preserve-unknown-fields"))
            }
        case nil:
            break
        }
        if type == "array" && props.items == nil {
            errors.append(SchemaFieldError(.required, field: "\(path).items", detail: "must be specified"))
        }
        if let pattern = props.pattern, let problem = GoRegex.compileError(pattern) {
            errors.append(SchemaFieldError(.invalid, field: "\(path).pattern", badValue: .value(.string(pattern)),
                                           detail: "must be a valid regular expression, but isn't: \(problem)"))
        }
        listAndMapErrors(props, path: path, errors: &errors)
        if let defaultValue = props.default {
            defaultErrors(defaultValue, props, path: path, position: position, errors: &errors)
        }
        ruleErrors(props, path: path, isRoot: position == .root, errors: &errors)
        for name in (props.properties ?? [:]).keys.sorted() {
            if let child = props.properties?[name] {
                visit(child, path: "\(path).properties[\(name)]", position: .property, errors: &errors)
            }
        }
        switch props.items {
        case .schema(let items)?: visit(items, path: "\(path).items", position: .items, errors: &errors)
        case .schemas?:
            errors.append(SchemaFieldError(.forbidden, field: "\(path).items", detail: "items must be a schema object and not an array"))
        case nil: break
        }
    }

    private static func listAndMapErrors(_ props: ApiextensionsV1.JSONSchemaProps, path: String, errors: inout [SchemaFieldError]) {
        if let listType = props.xKubernetesListType {
            if !["atomic", "set", "map"].contains(listType) {
                errors.append(SchemaFieldError(.notSupported, field: "\(path).x-kubernetes-list-type", badValue: .value(.string(listType)),
                                               detail: "supported values: \"atomic\", \"set\", \"map\""))
            }
            if props.type != "array" {
                errors.append(SchemaFieldError(.invalid, field: "\(path).x-kubernetes-list-type", badValue: .value(.string(listType)),
                                               detail: "must only be used if type is array"))
            }
            if listType == "map" {
                let keys = props.xKubernetesListMapKeys ?? []
                if keys.isEmpty {
                    errors.append(SchemaFieldError(.required, field: "\(path).x-kubernetes-list-map-keys",
                                                   detail: "must not be empty if x-kubernetes-list-type is map"))
                }
                if case .schema(let items)? = props.items {
                    if items.type != "object" {
                        errors.append(SchemaFieldError(.invalid, field: "\(path).items.type", badValue: .value(.string(items.type ?? "")),
                                                       detail: "must be object if parent array's x-kubernetes-list-type is map"))
                    }
                    for (index, key) in keys.enumerated() {
                        guard let keySchema = items.properties?[key] else {
                            errors.append(SchemaFieldError(.invalid, field: "\(path).x-kubernetes-list-map-keys[\(index)]",
                                                           badValue: .value(.string(key)),
                                                           detail: "entries for x-kubernetes-list-map-keys must have a property of the same name"))
                            continue
                        }
                        if !(items.required ?? []).contains(key) && keySchema.default == nil {
                            errors.append(SchemaFieldError(.required, field: "\(path).items.properties[\(key)]",
                                                           detail: "all map keys must be required or have a default value"))
                        }
                    }
                }
            }
        }
        if props.xKubernetesListMapKeys?.isEmpty == false && props.xKubernetesListType != "map" {
            errors.append(SchemaFieldError(.forbidden, field: "\(path).x-kubernetes-list-map-keys",
                                           detail: "must be empty if x-kubernetes-list-type is not map"))
        }
        if let mapType = props.xKubernetesMapType, !["granular", "atomic"].contains(mapType) {
            errors.append(SchemaFieldError(.notSupported, field: "\(path).x-kubernetes-map-type", badValue: .value(.string(mapType)),
                                           detail: "supported values: \"granular\", \"atomic\""))
        }
    }

    /// Defaults must be valid against their own node (after pruning), and are not allowed at the root.
    private static func defaultErrors(
        _ defaultValue: JSONValue, _ props: ApiextensionsV1.JSONSchemaProps, path: String, position: Position,
        errors: inout [SchemaFieldError]
    ) {
        if position == .root {
            errors.append(SchemaFieldError(.forbidden, field: "\(path).default", detail: "must not be set at the root"))
            return
        }
        let node = SchemaNode(props)
        var value = defaultValue
        let unknown = SchemaPruning.prune(&value, node, isRoot: false)
        for field in unknown {
            errors.append(SchemaFieldError(.invalid, field: "\(path).default", badValue: .value(defaultValue),
                                           detail: "must not have unknown fields, got \(goQuote(field))"))
        }
        SchemaDefaulting.apply(&value, node)
        for error in SchemaValidator.validate(value, against: node, rootPath: "default") {
            var shifted = error
            shifted.field = "\(path).\(error.field)"
            errors.append(shifted)
        }
    }

    private static func ruleErrors(
        _ props: ApiextensionsV1.JSONSchemaProps, path: String, isRoot: Bool, errors: inout [SchemaFieldError]
    ) {
        for (index, rule) in (props.xKubernetesValidations ?? []).enumerated() {
            let rulePath = "\(path).x-kubernetes-validations[\(index)]"
            let compiled = CompiledValidationRule(rule)
            if rule.rule.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                errors.append(SchemaFieldError(.required, field: "\(rulePath).rule"))
            } else if case .failure(let error) = compiled.program {
                errors.append(SchemaFieldError(.invalid, field: "\(rulePath).rule", badValue: .value(ruleValue(rule)),
                                               detail: "compilation failed: \(error)"))
            } else if case .success(let program) = compiled.program,
                      let error = CELSchemaCheck.undefinedField(
                          in: program.expression, selfSchema: SchemaNode(props), isRoot: isRoot)
            {
                errors.append(SchemaFieldError(.invalid, field: "\(rulePath).rule", badValue: .value(ruleValue(rule)),
                                               detail: "compilation failed: \(error)"))
            }
            if case .failure(let error)? = compiled.messageProgram {
                errors.append(SchemaFieldError(.invalid, field: "\(rulePath).messageExpression", badValue: .value(ruleValue(rule)),
                                               detail: "messageExpression compilation failed: \(error)"))
            }
            if let message = rule.message, message.contains("\n") {
                errors.append(SchemaFieldError(.invalid, field: "\(rulePath).message", badValue: .value(.string(message)),
                                               detail: "message must not contain line breaks"))
            }
            if let reason = rule.reason,
               !["FieldValueInvalid", "FieldValueForbidden", "FieldValueRequired", "FieldValueDuplicate"].contains(reason)
            {
                errors.append(SchemaFieldError(
                    .notSupported, field: "\(rulePath).reason", badValue: .value(.string(reason)),
                    detail: "supported values: \"FieldValueDuplicate\", \"FieldValueForbidden\", \"FieldValueInvalid\", \"FieldValueRequired\""))
            }
            if compiled.isTransitionRule, rule.optionalOldSelf != true, props.xKubernetesListType == "set" || (props.type == "array" && props.xKubernetesListType != "map") {
                errors.append(SchemaFieldError(.invalid, field: "\(rulePath).rule", badValue: .value(ruleValue(rule)),
                                               detail: "oldSelf cannot be used on the uncorrelatable portion of the schema"))
            }
        }
    }

    /// The rule as the server prints it in a cause (Go's JSON of the ValidationRule).
    private static func ruleValue(_ rule: ApiextensionsV1.ValidationRule) -> JSONValue {
        var members: [String: JSONValue] = ["rule": .string(rule.rule)]
        if let message = rule.message { members["message"] = .string(message) }
        if let expression = rule.messageExpression { members["messageExpression"] = .string(expression) }
        if let reason = rule.reason { members["reason"] = .string(reason) }
        if let fieldPath = rule.fieldPath { members["fieldPath"] = .string(fieldPath) }
        return .object(members)
    }
}
