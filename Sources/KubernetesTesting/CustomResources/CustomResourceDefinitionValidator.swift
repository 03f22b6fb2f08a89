import KubernetesCore
import KubernetesModels

/// Validates a CustomResourceDefinition on create (`old` nil) and update like the API server: names, group,
/// scope, versions (exactly one storage version), and each version's structural schema, defaults and CEL rules.
/// Errors carry the server's field paths (`spec.versions[0].schema.openAPIV3Schema.properties[spec].type`).
public enum CustomResourceDefinitionValidator {
    public static func validate(
        crd: ApiextensionsV1.CustomResourceDefinition, old: ApiextensionsV1.CustomResourceDefinition? = nil
    ) -> [SchemaFieldError] {
        var errors: [SchemaFieldError] = []
        guard let spec = crd.spec else {
            return [SchemaFieldError(.required, field: "spec")]
        }
        let name = crd.metadata.name ?? ""
        if name != "\(spec.names.plural).\(spec.group)" {
            errors.append(SchemaFieldError(.invalid, field: "metadata.name", badValue: .value(.string(name)),
                                           detail: "must be spec.names.plural+\".\"+spec.group"))
        }
        errors += groupErrors(spec.group)
        if spec.scope.isEmpty {
            errors.append(SchemaFieldError(.required, field: "spec.scope"))
        } else if spec.scope != "Cluster" && spec.scope != "Namespaced" {
            errors.append(SchemaFieldError(.notSupported, field: "spec.scope", badValue: .value(.string(spec.scope)),
                                           detail: "supported values: \"Cluster\", \"Namespaced\""))
        }
        errors += namesErrors(spec.names)
        errors += versionsErrors(spec.versions)
        if spec.preserveUnknownFields == true {
            errors.append(SchemaFieldError(.invalid, field: "spec.preserveUnknownFields", badValue: .value(.bool(true)),
                                           detail: "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"))
        }
        if let old, let oldSpec = old.spec {
            if oldSpec.scope != spec.scope {
                errors.append(SchemaFieldError(.invalid, field: "spec.scope", badValue: .value(.string(spec.scope)),
                                               detail: "field is immutable"))
            }
            if oldSpec.group != spec.group {
                errors.append(SchemaFieldError(.invalid, field: "spec.group", badValue: .value(.string(spec.group)),
                                               detail: "field is immutable"))
            }
            let served = Set(spec.versions.map(\.name))
            for (index, stored) in (old.status?.storedVersions ?? []).enumerated() where !served.contains(stored) {
                errors.append(SchemaFieldError(.invalid, field: "status.storedVersions[\(index)]",
                                               badValue: .value(.string(stored)), detail: "must appear in spec.versions"))
            }
        }
        return errors
    }

    private static func groupErrors(_ group: String) -> [SchemaFieldError] {
        if group.isEmpty { return [SchemaFieldError(.required, field: "spec.group")] }
        var errors: [SchemaFieldError] = []
        if let problem = NameRules.dnsSubdomainProblem(group) {
            errors.append(SchemaFieldError(.invalid, field: "spec.group", badValue: .value(.string(group)), detail: problem))
        }
        if group.split(separator: ".").count < 2 {
            errors.append(SchemaFieldError(.invalid, field: "spec.group", badValue: .value(.string(group)),
                                           detail: "should be a domain with at least one dot"))
        }
        return errors
    }

    private static func namesErrors(_ names: ApiextensionsV1.CustomResourceDefinitionNames) -> [SchemaFieldError] {
        var errors: [SchemaFieldError] = []
        if names.plural.isEmpty {
            errors.append(SchemaFieldError(.required, field: "spec.names.plural"))
        } else if let problem = NameRules.dns1035Problem(names.plural) {
            errors.append(SchemaFieldError(.invalid, field: "spec.names.plural", badValue: .value(.string(names.plural)), detail: problem))
        }
        if let singular = names.singular, !singular.isEmpty, let problem = NameRules.dns1035Problem(singular) {
            errors.append(SchemaFieldError(.invalid, field: "spec.names.singular", badValue: .value(.string(singular)), detail: problem))
        }
        if names.kind.isEmpty {
            errors.append(SchemaFieldError(.required, field: "spec.names.kind"))
        } else if let problem = NameRules.kindProblem(names.kind) {
            errors.append(SchemaFieldError(.invalid, field: "spec.names.kind", badValue: .value(.string(names.kind)), detail: problem))
        }
        if let listKind = names.listKind, !listKind.isEmpty {
            if let problem = NameRules.kindProblem(listKind) {
                errors.append(SchemaFieldError(.invalid, field: "spec.names.listKind", badValue: .value(.string(listKind)), detail: problem))
            } else if listKind == names.kind {
                errors.append(SchemaFieldError(.invalid, field: "spec.names.listKind", badValue: .value(.string(listKind)),
                                               detail: "kind and listKind may not be the same"))
            }
        }
        for (index, shortName) in (names.shortNames ?? []).enumerated() {
            if let problem = NameRules.dns1035Problem(shortName) {
                errors.append(SchemaFieldError(.invalid, field: "spec.names.shortNames[\(index)]",
                                               badValue: .value(.string(shortName)), detail: problem))
            }
        }
        return errors
    }

    private static func versionsErrors(_ versions: [ApiextensionsV1.CustomResourceDefinitionVersion]) -> [SchemaFieldError] {
        var errors: [SchemaFieldError] = []
        if versions.isEmpty {
            return [SchemaFieldError(.invalid, field: "spec.versions", badValue: .value(.null), detail: "must have exactly one version marked as storage version")]
        }
        let storageCount = versions.filter(\.storage).count
        if storageCount != 1 {
            errors.append(SchemaFieldError(.invalid, field: "spec.versions", badValue: .omitted,
                                           detail: "must have exactly one version marked as storage version"))
        }
        if !versions.contains(where: \.served) {
            errors.append(SchemaFieldError(.invalid, field: "spec.versions", badValue: .omitted,
                                           detail: "must serve at least one version"))
        }
        var seen = Set<String>()
        for (index, version) in versions.enumerated() {
            let path = "spec.versions[\(index)]"
            if version.name.isEmpty {
                errors.append(SchemaFieldError(.required, field: "\(path).name"))
            } else if let problem = NameRules.dns1035Problem(version.name) {
                errors.append(SchemaFieldError(.invalid, field: "\(path).name", badValue: .value(.string(version.name)), detail: problem))
            }
            if !seen.insert(version.name).inserted {
                errors.append(SchemaFieldError(.duplicate, field: "\(path).name", badValue: .value(.string(version.name))))
            }
            guard let schema = version.schema?.openAPIV3Schema else {
                errors.append(SchemaFieldError(.required, field: "\(path).schema.openAPIV3Schema", detail: "schemas are required"))
                continue
            }
            let schemaPath = "\(path).schema.openAPIV3Schema"
            if schema.type != "object" {
                errors.append(SchemaFieldError(.invalid, field: "\(schemaPath).type", badValue: .value(.string(schema.type ?? "")),
                                               detail: "must be object"))
            }
            errors += StructuralSchemaCheck.errors(schema, path: schemaPath, isRoot: true)
            errors += subresourceErrors(version, path: path)
            errors += printerColumnErrors(version, path: path)
        }
        return errors
    }

    private static func subresourceErrors(_ version: ApiextensionsV1.CustomResourceDefinitionVersion, path: String) -> [SchemaFieldError] {
        guard let scale = version.subresources?.scale else { return [] }
        var errors: [SchemaFieldError] = []
        let scalePath = "\(path).subresources.scale"
        if !scale.specReplicasPath.hasPrefix(".spec.") {
            errors.append(SchemaFieldError(.invalid, field: "\(scalePath).specReplicasPath", badValue: .value(.string(scale.specReplicasPath)),
                                           detail: "should be a json path under .spec"))
        }
        if !scale.statusReplicasPath.hasPrefix(".status.") {
            errors.append(SchemaFieldError(.invalid, field: "\(scalePath).statusReplicasPath", badValue: .value(.string(scale.statusReplicasPath)),
                                           detail: "should be a json path under .status"))
        }
        if let selector = scale.labelSelectorPath, !selector.hasPrefix(".spec.") && !selector.hasPrefix(".status.") {
            errors.append(SchemaFieldError(.invalid, field: "\(scalePath).labelSelectorPath", badValue: .value(.string(selector)),
                                           detail: "should be a json path under either .spec or .status"))
        }
        return errors
    }

    private static func printerColumnErrors(_ version: ApiextensionsV1.CustomResourceDefinitionVersion, path: String) -> [SchemaFieldError] {
        var errors: [SchemaFieldError] = []
        for (index, column) in (version.additionalPrinterColumns ?? []).enumerated() {
            let columnPath = "\(path).additionalPrinterColumns[\(index)]"
            if column.name.isEmpty { errors.append(SchemaFieldError(.required, field: "\(columnPath).name")) }
            let types = ["integer", "number", "string", "boolean", "date"]
            if column.type.isEmpty {
                errors.append(SchemaFieldError(.required, field: "\(columnPath).type"))
            } else if !types.contains(column.type) {
                errors.append(SchemaFieldError(.notSupported, field: "\(columnPath).type", badValue: .value(.string(column.type)),
                                               detail: "supported values: " + types.map(goQuote).joined(separator: ", ")))
            }
            if column.jsonPath.isEmpty {
                errors.append(SchemaFieldError(.required, field: "\(columnPath).jsonPath"))
            } else if PrinterColumnPath(column.jsonPath) == nil {
                errors.append(SchemaFieldError(.invalid, field: "\(columnPath).jsonPath", badValue: .value(.string(column.jsonPath)),
                                               detail: "must be a simple json path"))
            }
        }
        return errors
    }
}

/// Kubernetes name rules (apimachinery `validation.IsDNS1123Subdomain`, `IsDNS1035Label`) with their messages.
enum NameRules {
    static func dnsSubdomainProblem(_ value: String) -> String? {
        let pattern = #"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#
        if value.utf8.count > 253 { return "must be no more than 253 characters" }
        guard let regex = try? Regex(pattern), (try? regex.wholeMatch(in: value)) != nil else {
            return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        }
        return nil
    }

    static func dns1035Problem(_ value: String) -> String? {
        if value.utf8.count > 63 { return "must be no more than 63 characters" }
        guard let regex = try? Regex(#"^[a-z]([-a-z0-9]*[a-z0-9])?$"#), (try? regex.wholeMatch(in: value)) != nil else {
            return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
        }
        return nil
    }

    /// Kinds must be valid as a DNS-1035 label once lowercased.
    static func kindProblem(_ value: String) -> String? {
        dns1035Problem(value.lowercased())
    }
}
