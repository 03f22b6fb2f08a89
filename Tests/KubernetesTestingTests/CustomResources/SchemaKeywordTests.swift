import KubernetesCore
import Testing
@testable import KubernetesTesting

/// One row per OpenAPI keyword: a schema for `spec.x`, a value, and the causes the real server reports.
@Suite struct SchemaKeywordTests {
    struct Row: CustomTestStringConvertible, Sendable {
        var keyword: String
        var schema: JSONValue
        var value: JSONValue
        /// `field: message` of each expected cause, in order; empty for valid values.
        var expected: [String]
        var testDescription: String { keyword }
    }

    static let rows: [Row] = [
        Row(keyword: "type integer ok", schema: ["type": "integer"], value: 3, expected: []),
        Row(keyword: "type integer from integral float", schema: ["type": "integer"], value: 3.0, expected: []),
        Row(keyword: "type integer wrong", schema: ["type": "integer"], value: "x",
            expected: [#"spec.x: Invalid value: "string": spec.x in body must be of type integer: "string""#]),
        Row(keyword: "type number accepts integer", schema: ["type": "number"], value: 3, expected: []),
        Row(keyword: "type boolean wrong", schema: ["type": "boolean"], value: 1,
            expected: [#"spec.x: Invalid value: "integer": spec.x in body must be of type boolean: "integer""#]),
        Row(keyword: "type object wrong", schema: ["type": "object"], value: ["a"],
            expected: [#"spec.x: Invalid value: "array": spec.x in body must be of type object: "array""#]),
        Row(keyword: "null not nullable", schema: ["type": "string"], value: .null,
            expected: [#"spec.x: Invalid value: "null": spec.x in body must be of type string: "null""#]),
        Row(keyword: "null nullable", schema: ["type": "string", "nullable": true], value: .null, expected: []),
        Row(keyword: "enum", schema: ["type": "string", "enum": ["a", "b"]], value: "c",
            expected: [#"spec.x: Unsupported value: "c": supported values: "a", "b""#]),
        Row(keyword: "enum integers", schema: ["type": "integer", "enum": [1, 2]], value: 3,
            expected: [#"spec.x: Unsupported value: 3: supported values: "1", "2""#]),
        Row(keyword: "minimum", schema: ["type": "integer", "minimum": 1], value: 0,
            expected: ["spec.x: Invalid value: 0: spec.x in body should be greater than or equal to 1"]),
        Row(keyword: "exclusiveMinimum", schema: ["type": "integer", "minimum": 1, "exclusiveMinimum": true], value: 1,
            expected: ["spec.x: Invalid value: 1: spec.x in body should be greater than 1"]),
        Row(keyword: "maximum", schema: ["type": "number", "maximum": 1.5], value: 2.5,
            expected: ["spec.x: Invalid value: 2.5: spec.x in body should be less than or equal to 1.5"]),
        Row(keyword: "exclusiveMaximum", schema: ["type": "integer", "maximum": 9, "exclusiveMaximum": true], value: 9,
            expected: ["spec.x: Invalid value: 9: spec.x in body should be less than 9"]),
        Row(keyword: "multipleOf", schema: ["type": "integer", "multipleOf": 2], value: 3,
            expected: ["spec.x: Invalid value: 3: spec.x in body should be a multiple of 2"]),
        Row(keyword: "minLength", schema: ["type": "string", "minLength": 3], value: "ab",
            expected: [#"spec.x: Invalid value: "ab": spec.x in body should be at least 3 chars long"#]),
        Row(keyword: "maxLength counts characters", schema: ["type": "string", "maxLength": 3], value: "äöü", expected: []),
        Row(keyword: "maxLength", schema: ["type": "string", "maxLength": 3], value: "abcd",
            expected: ["spec.x: Too long: may not be more than 3 bytes"]),
        Row(keyword: "pattern", schema: ["type": "string", "pattern": "^[a-z]+$"], value: "A1",
            expected: [#"spec.x: Invalid value: "A1": spec.x in body should match '^[a-z]+$'"#]),
        Row(keyword: "pattern is unanchored like Go", schema: ["type": "string", "pattern": "[0-9]"], value: "ab1", expected: []),
        Row(keyword: "format date-time", schema: ["type": "string", "format": "date-time"], value: "yesterday",
            expected: [#"spec.x: Invalid value: "yesterday": spec.x in body must be of type date-time: "yesterday""#]),
        Row(keyword: "format date-time ok", schema: ["type": "string", "format": "date-time"], value: "2026-11-24T21:08:06Z", expected: []),
        Row(keyword: "format int32 not checked on integers", schema: ["type": "integer", "format": "int32"], value: 5_000_000_000, expected: []),
        Row(keyword: "minItems", schema: ["type": "array", "items": ["type": "string"], "minItems": 2], value: ["a"],
            expected: ["spec.x: Invalid value: 1: spec.x in body should have at least 2 items"]),
        Row(keyword: "maxItems", schema: ["type": "array", "items": ["type": "string"], "maxItems": 1], value: ["a", "b"],
            expected: ["spec.x: Too many: 2: must have at most 1 item"]),
        Row(keyword: "items", schema: ["type": "array", "items": ["type": "integer"]], value: [1, "b"],
            expected: [#"spec.x[1]: Invalid value: "string": spec.x[1] in body must be of type integer: "string""#]),
        Row(keyword: "uniqueItems", schema: ["type": "array", "items": ["type": "integer"], "uniqueItems": true], value: [1, 1],
            expected: [#"spec.x: Invalid value: "": spec.x in body shouldn't contain duplicates"#]),
        Row(keyword: "maxProperties", schema: ["type": "object", "additionalProperties": ["type": "string"], "maxProperties": 1],
            value: ["a": "1", "b": "2"], expected: ["spec.x: Too many: 2: must have at most 1 item"]),
        Row(keyword: "minProperties", schema: ["type": "object", "additionalProperties": ["type": "string"], "minProperties": 2],
            value: ["a": "1"], expected: ["spec.x: Invalid value: 2: spec.x in body should have at least 2 properties"]),
        Row(keyword: "additionalProperties schema", schema: ["type": "object", "additionalProperties": ["type": "integer"]],
            value: ["a": "1"], expected: [#"spec.x.a: Invalid value: "string": spec.x.a in body must be of type integer: "string""#]),
        Row(keyword: "required nested", schema: ["type": "object", "required": ["name"], "properties": ["name": ["type": "string"]]],
            value: [:], expected: ["spec.x.name: Required value"]),
        Row(keyword: "int-or-string int", schema: ["x-kubernetes-int-or-string": true], value: 3, expected: []),
        Row(keyword: "int-or-string string", schema: ["x-kubernetes-int-or-string": true], value: "30%", expected: []),
        Row(keyword: "int-or-string bool", schema: ["x-kubernetes-int-or-string": true], value: true,
            expected: [#"spec.x: Invalid value: "boolean": spec.x in body must be of type integer,string: "boolean""#]),
        Row(keyword: "preserve-unknown-fields any value", schema: ["x-kubernetes-preserve-unknown-fields": true],
            value: ["deep": ["any": [1, "two"]]], expected: []),
        Row(keyword: "nested array of objects",
            schema: ["type": "array", "items": ["type": "object", "properties": ["port": ["type": "integer", "maximum": 65535]]]],
            value: [["port": 80], ["port": 70000]],
            expected: ["spec.x[1].port: Invalid value: 70000: spec.x[1].port in body should be less than or equal to 65535"]),
    ]

    @Test(arguments: rows)
    func keyword(_ row: Row) throws {
        let schema = try widgetSchema(spec: ["type": "object", "properties": ["x": row.schema]])
        let errors = schema.validate(object: widget(["x": row.value]))
        #expect(errors.map(\.description) == row.expected)
    }

    @Test func causesCarryReasons() throws {
        let schema = try widgetSchema(spec: [
            "type": "object", "required": ["name"],
            "properties": ["name": ["type": "string"], "mode": ["type": "string", "enum": ["a"]], "n": ["type": "integer"],
                           "s": ["type": "string", "maxLength": 1], "l": ["type": "array", "items": ["type": "string"], "maxItems": 0]],
        ])
        let causes = schema.validate(object: widget(["mode": "b", "n": "x", "s": "ab", "l": ["a"]])).map(\.cause)
        #expect(causes.map { $0.reason ?? "" } == [
            "FieldValueTooMany", "FieldValueNotSupported", "FieldValueTypeInvalid", "FieldValueTooLong", "FieldValueRequired",
        ])
        #expect(causes.map { $0.field ?? "" } == ["spec.l", "spec.mode", "spec.n", "spec.s", "spec.name"])
    }

    @Test func embeddedResourceKeepsTypeMetaAndPrunesInside() throws {
        let schema = try widgetSchema(spec: [
            "type": "object",
            "properties": ["template": [
                "type": "object", "x-kubernetes-embedded-resource": true,
                "properties": ["spec": ["type": "object", "properties": ["image": ["type": "string"]]]],
            ]],
        ])
        var object = widget(["template": ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "spec": ["image": "i", "junk": 1]]])
        let pruned = schema.prune(&object)
        #expect(pruned == ["spec.template.spec.junk"])
        #expect(object[path: ["spec", "template", "kind"]] == "Pod")
        #expect(object[path: ["spec", "template", "metadata", "name"]] == "p")
    }

    @Test func embeddedResourceNeedsApiVersionAndKind() throws {
        let schema = try widgetSchema(spec: [
            "type": "object",
            "properties": ["template": ["type": "object", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true]],
        ])
        let errors = schema.validate(object: widget(["template": ["kind": 5]]))
        #expect(errors.map(\.description) == [
            "spec.template.apiVersion: Required value: must not be empty",
            "spec.template.kind: Invalid value: 5: must be a string",
        ])
    }

    @Test func pruningReportsPathsAndKeepsPreservedSubtrees() throws {
        let schema = try widgetSchema(spec: [
            "type": "object",
            "properties": [
                "items": ["type": "array", "items": ["type": "object", "properties": ["a": ["type": "string"]]]],
                "free": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
                "labels": ["type": "object", "additionalProperties": ["type": "object", "properties": ["v": ["type": "string"]]]],
            ],
        ])
        var object = widget(["items": [["a": "x", "b": "y"]], "free": ["anything": true], "labels": ["k": ["v": "1", "w": "2"]], "colour": "blue"])
        object["extra"] = "top"
        object["metadata"] = ["name": "w", "labels": ["a": "b"], "colour": "red"]
        let pruned = schema.prune(&object)
        #expect(pruned == ["extra", "metadata.colour", "spec.colour", "spec.items[0].b", "spec.labels.k.w"])
        #expect(object[path: ["spec", "free", "anything"]] == true)
        #expect(object["apiVersion"] == "test.dev/v1")
        #expect(object["metadata"] == ["name": "w", "labels": ["a": "b"]])
    }

    @Test func defaultsApplyParentsFirstAndReplaceNonNullableNulls() throws {
        let schema = try widgetSchema(spec: [
            "type": "object",
            "properties": [
                "storage": ["type": "object", "default": [:], "properties": [
                    "size": ["type": "string", "default": "10Gi"], "class": ["type": "string"],
                ]],
                "replicas": ["type": "integer", "default": 3],
                "note": ["type": "string"],
                "maybe": ["type": "string", "nullable": true, "default": "d"],
                "pools": ["type": "array", "items": ["type": "object", "properties": ["roles": ["type": "array", "items": ["type": "string"], "default": ["broker"]]]]],
            ],
        ])
        let defaulted = schema.applyDefaults(to: widget(["replicas": .null, "note": .null, "maybe": .null, "pools": [[:], ["roles": ["controller"]]]]))
        #expect(defaulted["spec"] == [
            "storage": ["size": "10Gi"], "replicas": 3, "maybe": .null,
            "pools": [["roles": ["broker"]], ["roles": ["controller"]]],
        ])
    }

    @Test func scaleSubresourcePathsAreChecked() throws {
        let schema = try widgetSchema(
            spec: ["type": "object", "properties": ["replicas": ["type": "integer"]]],
            extra: ["subresources": ["scale": ["specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas"]]])
        let errors = schema.validate(object: widget(["replicas": -1]))
        #expect(errors.map(\.description) == [".spec.replicas: Invalid value: -1: should be a non-negative integer"])
    }

    @Test func listTypeSetAndMapRejectDuplicates() throws {
        let schema = try widgetSchema(spec: [
            "type": "object",
            "properties": [
                "tags": ["type": "array", "x-kubernetes-list-type": "set", "items": ["type": "string"]],
                "ports": ["type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                          "items": ["type": "object", "required": ["name"], "properties": ["name": ["type": "string"], "port": ["type": "integer"]]]],
            ],
        ])
        let errors = schema.validate(object: widget(["tags": ["a", "a"], "ports": [["name": "x", "port": 1], ["name": "x", "port": 2]]]))
        #expect(errors.map(\.description) == [
            #"spec.ports[1]: Duplicate value: {"name":"x"}"#, #"spec.tags[1]: Duplicate value: "a""#,
        ])
    }

    @Test(arguments: [(0.0, "0"), (1.5, "1.5"), (-2.0, "-2"), (1e20, "100000000000000000000"), (1e21, "1e+21"), (1.5e-7, "1.5e-07")])
    func floatsPrintLikeGo(number: Double, text: String) {
        #expect(GoStyleJSON.formatFloat(number) == text)
    }

    @Test func invalidStatusComposesMessageLikeTheServer() {
        let one = InvalidStatus.make(kind: "Widget", group: "test.dev", name: "w",
                                     errors: [SchemaFieldError(.required, field: "spec.a")])
        #expect(one.message == #"Widget.test.dev "w" is invalid: spec.a: Required value"#)
        let duplicate = SchemaFieldError(.required, field: "spec.a")
        let two = InvalidStatus.make(kind: "Widget", group: "test.dev", name: "w",
                                     errors: [duplicate, duplicate, SchemaFieldError(.forbidden, field: "spec.b", detail: "no")])
        #expect(two.message == #"Widget.test.dev "w" is invalid: [spec.a: Required value, spec.b: Forbidden: no]"#)
        #expect(two.details?.causes?.count == 3)
        #expect(two.code == 422 && two.reason == "Invalid")
    }
}
