import KubernetesCore
import Testing
@testable import KubernetesTesting

/// `x-kubernetes-validations` on custom resources: messages, reasons, field paths, transition rules.
@Suite struct ValidationRuleTests {
    static let clusterSpec: JSONValue = [
        "type": "object",
        "x-kubernetes-validations": [
            ["rule": "self.controllers % 2 == 1", "message": "controllers must be odd"],
            ["rule": "self.pools.exists(p, p.roles.exists(r, r == 'broker'))", "message": "at least one pool needs the broker role", "fieldPath": ".pools"],
            ["rule": "self.size == oldSelf.size || self.size > oldSelf.size", "message": "size may only grow"],
            ["rule": "self.minInsyncReplicas <= self.replicationFactor"],
            ["rule": "self.controllers < 9", "messageExpression": "'too many controllers: ' + string(self.controllers)", "reason": "FieldValueForbidden"],
        ],
        "properties": [
            "controllers": ["type": "integer"],
            "size": ["type": "integer"],
            "minInsyncReplicas": ["type": "integer"],
            "replicationFactor": ["type": "integer"],
            "pools": ["type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], "items": [
                "type": "object", "required": ["name"],
                "x-kubernetes-validations": [["rule": "self.name == oldSelf.name", "message": "name is immutable"]],
                "properties": ["name": ["type": "string"], "roles": ["type": "array", "items": ["type": "string"]], "storage": ["type": "string"]],
            ]],
        ],
    ]

    static func spec(controllers: Int64 = 3, size: Int64 = 10, minISR: Int64 = 2, roles: JSONValue = ["broker"]) -> JSONValue {
        ["controllers": .integer(controllers), "size": .integer(size), "minInsyncReplicas": .integer(minISR), "replicationFactor": 3,
         "pools": [["name": "a", "roles": roles]]]
    }

    @Test func validObjectPasses() throws {
        let schema = try widgetSchema(spec: Self.clusterSpec)
        #expect(schema.validate(object: widget(Self.spec())).isEmpty)
    }

    @Test func failingRulesReportMessagesPathsAndReasons() throws {
        let schema = try widgetSchema(spec: Self.clusterSpec)
        let errors = schema.validate(object: widget(Self.spec(controllers: 10, minISR: 4, roles: ["controller"])))
        #expect(errors.map(\.description) == [
            "spec: Invalid value: controllers must be odd",
            "spec.pools: Invalid value: at least one pool needs the broker role",
            "spec: Invalid value: failed rule: self.minInsyncReplicas <= self.replicationFactor",
            "spec: Forbidden: too many controllers: 10",
        ])
        #expect(errors.map(\.kind.rawValue) == ["FieldValueInvalid", "FieldValueInvalid", "FieldValueInvalid", "FieldValueForbidden"])
    }

    @Test func transitionRulesRunOnlyOnUpdate() throws {
        let schema = try widgetSchema(spec: Self.clusterSpec)
        let shrunk = widget(Self.spec(size: 5))
        #expect(schema.validate(object: shrunk).isEmpty)
        let errors = schema.validate(object: shrunk, old: widget(Self.spec(size: 10)))
        #expect(errors.map(\.description) == ["spec: Invalid value: size may only grow"])
        #expect(schema.validate(object: widget(Self.spec(size: 20)), old: widget(Self.spec(size: 10))).isEmpty)
    }

    @Test func listMapElementsCorrelateByKeyForOldSelf() throws {
        let node: JSONValue = [
            "type": "object",
            "properties": ["pools": ["type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], "items": [
                "type": "object", "required": ["name"],
                "x-kubernetes-validations": [["rule": "self.storage == oldSelf.storage", "message": "storage is immutable"]],
                "properties": ["name": ["type": "string"], "storage": ["type": "string"]],
            ]]],
        ]
        let schema = try widgetSchema(spec: node)
        let old = widget(["pools": [["name": "a", "storage": "1Gi"], ["name": "b", "storage": "1Gi"]]])
        let new = widget(["pools": [["name": "b", "storage": "2Gi"], ["name": "a", "storage": "1Gi"], ["name": "c", "storage": "9Gi"]]])
        #expect(schema.validate(object: new, old: old).map(\.description) == ["spec.pools[0]: Invalid value: storage is immutable"])
    }

    @Test func schemaErrorsThatBlockRulesAddTheNilCause() throws {
        let schema = try widgetSchema(spec: Self.clusterSpec)
        var spec = Self.spec(controllers: 2)
        spec["size"] = "big"
        let errors = schema.validate(object: widget(spec))
        #expect(errors.map(\.description) == [
            #"spec.size: Invalid value: "string": spec.size in body must be of type integer: "string""#,
            "<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
        ])
    }

    @Test func unchangedInvalidValuesRatchetOnUpdate() throws {
        let schema = try widgetSchema(spec: [
            "type": "object",
            "x-kubernetes-validations": [["rule": "self.a < 10", "message": "a too big"]],
            "properties": [
                "a": ["type": "integer", "maximum": 5],
                "b": ["type": "string", "maxLength": 2],
                "tags": ["type": "array", "x-kubernetes-list-type": "set", "items": ["type": "string", "maxLength": 1]],
            ],
        ])
        let stored = widget(["a": 20, "b": "long", "tags": ["xx"]])
        // Only the label changed: nothing is re-validated.
        var relabelled = stored
        relabelled["metadata"] = ["name": "w", "labels": ["x": "y"]]
        #expect(schema.validate(object: relabelled, old: stored).isEmpty)
        // b and tags changed: only they are validated (a = 20 ratchets); their Too long errors block the CEL rules.
        let changed = widget(["a": 20, "b": "longer", "tags": ["xx", "yy"]])
        #expect(schema.validate(object: changed, old: stored).map(\.description) == [
            "spec.b: Too long: may not be more than 2 bytes",
            "spec.tags[1]: Too long: may not be more than 1 byte",
            "<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation",
        ])
        // Without an old object everything is checked.
        #expect(schema.validate(object: stored).count == 4)
    }

    @Test func optionalOldSelfRulesRunOnCreateToo() throws {
        let schema = try widgetSchema(spec: [
            "type": "object",
            "properties": ["storage": [
                "type": "string",
                "x-kubernetes-validations": [[
                    "rule": "oldSelf.hasValue() ? quantity(self).compareTo(quantity(oldSelf.value())) >= 0 : quantity(self).isLessThan(quantity('1Ti'))",
                    "optionalOldSelf": true, "message": "storage may only grow, and starts below 1Ti",
                ]],
            ]],
        ])
        #expect(schema.validate(object: widget(["storage": "100Gi"])).isEmpty)
        #expect(schema.validate(object: widget(["storage": "2Ti"])).map(\.description) == [
            "spec.storage: Invalid value: storage may only grow, and starts below 1Ti",
        ])
        #expect(schema.validate(object: widget(["storage": "2Ti"]), old: widget(["storage": "1Ti"])).isEmpty)
        #expect(schema.validate(object: widget(["storage": "500Gi"]), old: widget(["storage": "1Ti"])).count == 1)
    }

    @Test func runtimeErrorIsReportedAtTheRulePath() throws {
        let schema = try widgetSchema(spec: [
            "type": "object", "properties": ["a": ["type": "integer"]],
            "x-kubernetes-validations": [["rule": "self.a > 0"]],
        ])
        let errors = schema.validate(object: widget([:]))
        #expect(errors.map(\.description) == ["spec: Invalid value: no such key: a"])
    }
}
