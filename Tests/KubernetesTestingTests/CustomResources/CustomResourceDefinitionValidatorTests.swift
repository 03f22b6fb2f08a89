import KubernetesCore
import KubernetesModels
import Testing
@testable import KubernetesTesting

@Suite struct CustomResourceDefinitionValidatorTests {
    static let validSpec: JSONValue = ["type": "object", "properties": ["replicas": ["type": "integer", "default": 3, "minimum": 1]]]

    func errors(spec: JSONValue = validSpec, mutate: (inout ApiextensionsV1.CustomResourceDefinition) -> Void = { _ in }) throws -> [String] {
        var crd = try widgetCRD(spec: spec)
        mutate(&crd)
        return CustomResourceDefinitionValidator.validate(crd: crd).map(\.description)
    }

    @Test func validDefinitionHasNoErrors() throws {
        #expect(try errors().isEmpty)
    }

    @Test func nameMustBePluralDotGroup() throws {
        #expect(try errors { $0.metadata.name = "widget.test.dev" } == [
            #"metadata.name: Invalid value: "widget.test.dev": must be spec.names.plural+"."+spec.group"#,
        ])
    }

    @Test func exactlyOneStorageVersion() throws {
        let result = try errors { crd in
            guard var second = crd.spec?.versions.first else { return }
            second.name = "v2"
            crd.spec?.versions.append(second)
        }
        #expect(result == ["spec.versions: Invalid value: must have exactly one version marked as storage version"])
    }

    @Test func scopeAndGroupAreChecked() throws {
        let result = try errors { crd in
            crd.spec?.scope = "Galaxy"
            crd.spec?.group = "nodots"
            crd.metadata.name = "widgets.nodots"
        }
        #expect(result == [
            #"spec.group: Invalid value: "nodots": should be a domain with at least one dot"#,
            #"spec.scope: Unsupported value: "Galaxy": supported values: "Cluster", "Namespaced""#,
        ])
    }

    @Test func structuralRules() throws {
        let result = try errors(spec: [
            "type": "object",
            "properties": [
                "untyped": ["description": "no type"],
                "both": ["type": "object", "properties": ["a": ["type": "string"]], "additionalProperties": ["type": "string"]],
                "unique": ["type": "array", "items": ["type": "string"], "uniqueItems": true],
                "noItems": ["type": "array"],
                "ios": ["type": "string", "x-kubernetes-int-or-string": true],
                "keys": ["type": "array", "x-kubernetes-list-type": "map", "items": ["type": "object", "properties": ["n": ["type": "string"]]]],
                "pattern": ["type": "string", "pattern": "(unclosed"],
            ],
        ])
        let base = "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties"
        #expect(result.contains("\(base)[untyped].type: Required value: must not be empty for specified object fields"))
        #expect(result.contains("\(base)[both].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive"))
        #expect(result.contains("\(base)[unique].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic"))
        #expect(result.contains("\(base)[noItems].items: Required value: must be specified"))
        #expect(result.contains("\(base)[ios].type: Forbidden: must be empty if x-kubernetes-int-or-string is true"))
        #expect(result.contains("\(base)[keys].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map"))
        #expect(result.contains { $0.hasPrefix("\(base)[pattern].pattern: Invalid value: \"(unclosed\": must be a valid regular expression") })
        #expect(result.count == 7)
    }

    @Test func defaultsMustValidate() throws {
        let result = try errors(spec: ["type": "object", "properties": ["replicas": ["type": "integer", "default": 0, "minimum": 1]]])
        #expect(result == [
            "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[replicas].default: Invalid value: 0: default in body should be greater than or equal to 1",
        ])
    }

    @Test func celRulesMustCompile() throws {
        let result = try errors(spec: [
            "type": "object", "properties": ["replicas": ["type": "integer"]],
            "x-kubernetes-validations": [["rule": "self.replicas >"], ["rule": "self.replicas > 0", "reason": "Bogus"]],
        ])
        #expect(result == [
            #"spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: {"rule":"self.replicas \u003e"}: compilation failed: ERROR: <input>:1:16: Syntax error: mismatched input '<EOF>' expecting expression"#,
            #"spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[1].reason: Unsupported value: "Bogus": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired""#,
        ])
    }

    @Test func celRulesMustOnlyUseDeclaredFields() throws {
        let pools: JSONValue = ["type": "array", "items": ["type": "object", "properties": ["roles": ["type": "array", "items": ["type": "string"]]]]]
        let spec: JSONValue = [
            "type": "object",
            "properties": ["replicas": ["type": "integer"], "pools": pools, "config": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]],
        ]
        func rules(_ rule: String) throws -> [String] {
            var node = spec
            node["x-kubernetes-validations"] = [["rule": .string(rule)]]
            return try errors(spec: node)
        }
        #expect(try rules("self.replicas % 2 == 1 && self.pools.exists(p, p.roles.exists(r, r == 'broker'))").isEmpty)
        #expect(try rules("has(self.config.anything) && self.config.anything.deeper == 1").isEmpty)
        #expect(try rules("self.replica > 0") == [
            #"spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: {"rule":"self.replica \u003e 0"}: compilation failed: ERROR: <input>: undefined field 'replica'"#,
        ])
        #expect(try rules("self.pools.all(p, has(p.role))").count == 1)
    }

    @Test func rootRulesMayReadObjectMetadata() throws {
        var crd = try widgetCRD(spec: Self.validSpec)
        let rule = try CustomResourceFixtures.decode(
            ApiextensionsV1.ValidationRule.self,
            from: ["rule": "self.metadata.name.startsWith('w-') && self.spec.replicas > 0", "message": "names start with w-"])
        crd.spec?.versions[0].schema?.openAPIV3Schema?.xKubernetesValidations = [rule]
        #expect(CustomResourceDefinitionValidator.validate(crd: crd).isEmpty)
        let schema = try CustomResourceSchema(crd: crd, version: "v1")
        var object = widget(["replicas": 1])
        #expect(schema.admit(object: object).errors.map(\.description) == ["<nil>: Invalid value: names start with w-"])
        object["metadata"] = ["name": "w-1"]
        #expect(schema.admit(object: object).errors.isEmpty)
    }

    @Test func updateKeepsScopeAndStoredVersions() throws {
        let old = try widgetCRD(spec: Self.validSpec)
        var storedOld = old
        storedOld.status = ApiextensionsV1.CustomResourceDefinitionStatus(storedVersions: ["v0", "v1"])
        var new = old
        new.spec?.scope = "Cluster"
        let result = CustomResourceDefinitionValidator.validate(crd: new, old: storedOld).map(\.description)
        #expect(result == [
            #"spec.scope: Invalid value: "Cluster": field is immutable"#,
            #"status.storedVersions[0]: Invalid value: "v0": must appear in spec.versions"#,
        ])
    }
}
