import KubernetesCore
import Testing
@testable import KubernetesTesting

@Suite struct CustomResourceRegistryTests {
    @Test func recordedKafkaClusterSchemaBecomesApplyMetadata() throws {
        let registry = try CustomResourceFixtures.schema().registry
        let gvk = GroupVersionKind(group: "example.dev", version: "v1alpha1", kind: "KafkaCluster")
        let root = try #require(registry.rootSchema(for: gvk))
        #expect(root.name == "example.dev/v1alpha1.KafkaCluster")
        #expect(root.fields["metadata"]?.shape == .object("MetaV1.ObjectMeta"))
        #expect(root.fields["spec"]?.shape == .object("example.dev/v1alpha1.KafkaCluster.spec"))
        let spec = try #require(registry.schema(named: "example.dev/v1alpha1.KafkaCluster.spec"))
        #expect(spec.fields["replicas"]?.shape == .scalar(.integer))
        #expect(spec.fields["version"]?.isRequired == true)
        let status = try #require(registry.schema(named: "example.dev/v1alpha1.KafkaCluster.status"))
        #expect(status.fields["conditions"]?.shape == .array(
            .object("example.dev/v1alpha1.KafkaCluster.status.conditions"), listType: .map, mapKeys: ["type"]))
    }

    @Test func extensionsMapToShapes() throws {
        let schema = try widgetSchema(spec: [
            "type": "object",
            "properties": [
                "port": ["x-kubernetes-int-or-string": true],
                "free": ["type": "object", "x-kubernetes-preserve-unknown-fields": true],
                "labels": ["type": "object", "additionalProperties": ["type": "string"], "x-kubernetes-map-type": "atomic"],
                "selector": ["type": "object", "x-kubernetes-map-type": "atomic", "properties": ["a": ["type": "string"]]],
                "tags": ["type": "array", "x-kubernetes-list-type": "set", "items": ["type": "string"]],
                "plain": ["type": "array", "items": ["type": "number"]],
            ],
        ])
        let spec = try #require(schema.registry.schema(named: "test.dev/v1.Widget.spec"))
        #expect(spec.fields["port"]?.shape == .scalar(.intOrString))
        #expect(spec.fields["free"]?.shape == .untyped)
        #expect(spec.fields["labels"]?.shape == .map(.scalar(.string), mapType: .atomic))
        #expect(spec.fields["selector"]?.shape == .object("test.dev/v1.Widget.spec.selector", mapType: .atomic))
        #expect(schema.registry.schema(named: "test.dev/v1.Widget.spec.selector")?.isAtomic == true)
        #expect(spec.fields["tags"]?.shape == .array(.scalar(.string), listType: .set))
        #expect(spec.fields["plain"]?.shape == .array(.scalar(.number)))
    }
}

@Suite struct CustomResourceTableTests {
    @Test func conditionFilterColumnsAndTypedCells() throws {
        let schema = try widgetSchema(
            spec: ["type": "object", "properties": ["replicas": ["type": "integer"], "ratio": ["type": "number"], "on": ["type": "boolean"]]],
            extra: ["additionalPrinterColumns": [
                ["name": "Ready", "type": "string", "jsonPath": #".status.conditions[?(@.type=="Ready")].status"#],
                ["name": "Replicas", "type": "integer", "jsonPath": ".spec.replicas", "priority": 1],
                ["name": "Ratio", "type": "number", "jsonPath": ".spec.ratio"],
                ["name": "On", "type": "boolean", "jsonPath": ".spec.on"],
                ["name": "Spec", "type": "string", "jsonPath": ".spec", "description": "whole spec"],
                ["name": "Missing", "type": "string", "jsonPath": ".status.nothing"],
                ["name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"],
            ]])
        var object = widget(["replicas": 2, "ratio": 1, "on": true])
        object["metadata"] = ["name": "w", "creationTimestamp": "2026-11-24T20:00:00Z"]
        object["status"] = ["conditions": [["type": "Synced", "status": "False"], ["type": "Ready", "status": "True"]]]
        let now = try #require(Time(rfc3339: "2026-11-24T21:05:30Z"))
        let table = schema.table(for: [object], now: now)
        #expect(table[path: ["rows"]]?.arrayValue?.first?["cells"] == [
            "w", "True", 2, 1.0, true, #"{"on":true,"ratio":1,"replicas":2}"#, .null, "65m",
        ])
        let definitions = table["columnDefinitions"]?.arrayValue ?? []
        #expect(definitions.map { $0["name"] ?? .null } == ["Name", "Ready", "Replicas", "Ratio", "On", "Spec", "Missing", "Age"])
        #expect(definitions[2]["priority"] == 1)
        #expect(definitions[5]["description"] == "whole spec")
    }

    @Test func versionWithoutColumnsGetsAge() throws {
        let schema = try widgetSchema(spec: ["type": "object"])
        var object = widget([:])
        object["metadata"] = ["name": "w", "creationTimestamp": "2026-11-20T00:00:00Z"]
        let table = schema.table(for: [object], now: try #require(Time(rfc3339: "2026-11-24T06:00:00Z")))
        #expect(table[path: ["rows"]]?.arrayValue?.first?["cells"] == ["w", "4d6h"])
    }

    static let durations: [(Int64, String)] = [
        (0, "0s"), (-1, "0s"), (-5, "<invalid>"), (119, "119s"), (125, "2m5s"), (600, "10m"),
        (3 * 3600 + 120, "3h2m"), (30 * 3600, "30h"), (9 * 86400, "9d"), (800 * 86400, "2y70d"), (3000 * 86400, "8y"),
    ]

    @Test(arguments: durations)
    func humanDurations(seconds: Int64, text: String) {
        #expect(CustomResourceSchema.humanDuration(seconds: seconds) == text)
    }

    @Test(arguments: [".spec.x", ".metadata.labels['app.kubernetes.io/name']", ".spec.items[0].name", ".spec.items[*].name",
                      #".status.conditions[?(@.type=="Ready")].status"#, "{.spec.x}"])
    func printerPathsParse(path: String) {
        #expect(PrinterColumnPath(path) != nil)
    }

    @Test(arguments: ["spec.x", "", ".spec[", ".spec.x[?(@.a > 1)]"])
    func unsupportedPrinterPathsAreRejected(path: String) {
        #expect(PrinterColumnPath(path) == nil)
    }
}
