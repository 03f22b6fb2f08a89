import KubernetesCore
import KubernetesModels

/// Everything the API server needs to serve one version of a custom resource: pruning, defaulting, schema and
/// CEL validation with the real server's causes, server-side-apply metadata and table output. Pure; no I/O.
public struct CustomResourceSchema: Sendable {
    /// `fieldValidation` of a create/update request.
    public enum FieldValidation: String, Sendable, Hashable {
        case ignore = "Ignore"
        case warn = "Warn"
        case strict = "Strict"
    }

    public let group: String
    public let version: String
    public let kind: String
    public let plural: String
    /// The version's schema root, or nil when the version has none (everything is then preserved).
    public let root: SchemaNode?
    public let definitionVersion: ApiextensionsV1.CustomResourceDefinitionVersion

    /// The schema of `version` of `crd`.
    public init(crd: ApiextensionsV1.CustomResourceDefinition, version: String) throws(CustomResourceSchemaError) {
        guard let spec = crd.spec else { throw CustomResourceSchemaError("CustomResourceDefinition \(crd.metadata.name ?? "") has no spec") }
        guard let definition = spec.versions.first(where: { $0.name == version }) else {
            let known = spec.versions.map(\.name).joined(separator: ", ")
            throw CustomResourceSchemaError(
                "CustomResourceDefinition \(crd.metadata.name ?? "") has no version \(version) (it has: \(known))")
        }
        group = spec.group
        self.version = version
        kind = spec.names.kind
        plural = spec.names.plural
        definitionVersion = definition
        root = definition.schema?.openAPIV3Schema.map(SchemaNode.init)
    }

    /// One schema per served version of `crd`, in the CRD's version order.
    public static func servedVersions(of crd: ApiextensionsV1.CustomResourceDefinition) -> [CustomResourceSchema] {
        (crd.spec?.versions ?? []).filter(\.served).compactMap { try? CustomResourceSchema(crd: crd, version: $0.name) }
    }

    /// The outcome of admitting a create or update body.
    public struct Admission: Sendable {
        /// The object after pruning and defaulting: what the server stores when there are no errors.
        public var object: JSONValue
        /// Validation errors, in the server's order; non-empty means 422 Invalid.
        public var errors: [SchemaFieldError]
        /// Fields the schema does not declare (dropped from `object`), e.g. `spec.colour`.
        public var unknownFields: [String]
        /// `Warning` header values (`unknown field "spec.colour"`) for `fieldValidation=Warn` (and the default).
        public var warnings: [String]
        /// With `fieldValidation=Strict` and unknown fields: the 400 BadRequest message; the request fails with it
        /// before any validation.
        public var strictDecodingMessage: String?

        public var causes: [StatusCause] { errors.map(\.cause) }
    }

    /// Prunes, defaults and validates a create (`old` nil) or update body, like the API server's custom resource
    /// handler: pruning, defaulting, OpenAPI validation, the `/scale` paths, list-type invariants, then the CEL
    /// rules unless an earlier error blocks them.
    public func admit(object: JSONValue, old: JSONValue? = nil, fieldValidation: FieldValidation = .warn) -> Admission {
        var value = object
        let unknown = prune(&value)
        value = applyDefaults(to: value)
        var warnings: [String] = []
        var strictMessage: String?
        switch fieldValidation {
        case .ignore: break
        case .warn: warnings = unknown.map { "unknown field \(goQuote($0))" }
        case .strict where !unknown.isEmpty:
            strictMessage = "\(kind) in version \(goQuote(version)) cannot be handled as a \(kind): strict decoding error: "
                + unknown.map { "unknown field \(goQuote($0))" }.joined(separator: ", ")
        case .strict: break
        }
        return Admission(object: value, errors: validate(object: value, old: old), unknownFields: unknown,
                         warnings: warnings, strictDecodingMessage: strictMessage)
    }

    /// Validates an already pruned and defaulted object. `old` (the stored object, on updates) enables transition
    /// rules (`oldSelf`) and ratcheting: values equal to their old counterparts are not re-validated.
    public func validate(object: JSONValue, old: JSONValue? = nil) -> [SchemaFieldError] {
        var errors: [SchemaFieldError] = []
        if let root { errors += SchemaValidator.validate(object, against: root, old: old) }
        errors += ScaleSubresourceCheck.errors(object, scale: definitionVersion.subresources?.scale)
        if let root {
            errors += EmbeddedResourceCheck.errors(object, schema: root)
            errors += ListTypeCheck.errors(object, schema: root)
        }
        guard let root, Self.hasRules(root) else { return errors }
        if errors.contains(where: \.blocksCELRules) {
            errors.append(SchemaFieldError(
                .invalid, field: "", badValue: .value(.null),
                detail: "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"))
        } else {
            errors += ValidationRuleRunner.run(object, old: old, schema: root)
        }
        return errors
    }

    /// Drops undeclared fields in place and returns their paths.
    @discardableResult
    public func prune(_ object: inout JSONValue) -> [String] {
        guard let root else { return [] }
        return SchemaPruning.prune(&object, root, isRoot: true)
    }

    /// The object with schema defaults applied.
    public func applyDefaults(to object: JSONValue) -> JSONValue {
        guard let root else { return object }
        var value = object
        SchemaDefaulting.apply(&value, root)
        return value
    }

    /// The 422 body for `errors` on the object `name`.
    public func invalidStatus(name: String, errors: [SchemaFieldError]) -> Status {
        InvalidStatus.make(kind: kind, group: group, name: name, errors: errors)
    }

    private static func hasRules(_ node: SchemaNode) -> Bool {
        if !node.compiledRules.isEmpty { return true }
        if node.properties.values.contains(where: hasRules) { return true }
        if let items = node.items, hasRules(items) { return true }
        if let values = node.additionalPropertiesSchema, hasRules(values) { return true }
        return false
    }
}

/// A CRD that cannot serve the requested version.
public struct CustomResourceSchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
