import Foundation
import KubernetesCore
import KubernetesModels
@testable import KubernetesTesting

/// Recorded exchanges with a real kube-apiserver 1.36 (a subset of `custom-resources.json` and
/// `server-side-apply.json`, copied into Fixtures/ so the tests run without ../shared).
enum CustomResourceFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func exchanges() throws -> JSONValue {
        let data = try Data(contentsOf: directory.appendingPathComponent("custom-resource-exchanges.json"))
        return try JSONDecoder().decode(JSONValue.self, from: data)
    }

    static func exchange(_ index: Int, scenario: String = "customResources") throws -> JSONValue {
        guard let exchange = try exchanges()[path: [scenario, String(index)]] else {
            throw FixtureError(description: "fixture has no exchange \(index) in \(scenario)")
        }
        return exchange
    }

    /// The KafkaCluster CRD the recordings created (exchange 0's request body).
    static func crd() throws -> ApiextensionsV1.CustomResourceDefinition {
        try decode(ApiextensionsV1.CustomResourceDefinition.self, from: try exchange(0)[path: ["request", "body"]] ?? .null)
    }

    static func schema() throws -> CustomResourceSchema {
        try CustomResourceSchema(crd: try crd(), version: "v1alpha1")
    }

    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try JSONDecoder().decode(T.self, from: try JSONEncoder().encode(value))
    }

    static func json<T: Encodable>(_ value: T) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(value))
    }

    /// `../shared/kubernetes/recordings` from the repository root, when present.
    static var sharedRecordings: URL? {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.deletingLastPathComponent().appendingPathComponent("shared/kubernetes/recordings")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
    }
}

/// Builds a schema node tree from JSON text, for hand-written keyword tables.
func schemaNode(_ json: JSONValue) throws -> SchemaNode {
    SchemaNode(try CustomResourceFixtures.decode(ApiextensionsV1.JSONSchemaProps.self, from: json))
}

/// A CRD for `widgets.test.dev` (Widget, v1) with the given schema for `spec`.
func widgetCRD(spec: JSONValue, extra: [String: JSONValue] = [:]) throws -> ApiextensionsV1.CustomResourceDefinition {
    var version: [String: JSONValue] = [
        "name": "v1", "served": true, "storage": true,
        "schema": ["openAPIV3Schema": ["type": "object", "properties": ["spec": spec, "status": ["type": "object", "x-kubernetes-preserve-unknown-fields": true]]]],
    ]
    for (key, value) in extra { version[key] = value }
    let body: JSONValue = [
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": ["name": "widgets.test.dev"],
        "spec": [
            "group": "test.dev", "scope": "Namespaced",
            "names": ["kind": "Widget", "plural": "widgets", "singular": "widget", "listKind": "WidgetList"],
            "versions": [.object(version)],
        ],
    ]
    return try CustomResourceFixtures.decode(ApiextensionsV1.CustomResourceDefinition.self, from: body)
}

func widgetSchema(spec: JSONValue, extra: [String: JSONValue] = [:]) throws -> CustomResourceSchema {
    try CustomResourceSchema(crd: try widgetCRD(spec: spec, extra: extra), version: "v1")
}

func widget(_ spec: JSONValue) -> JSONValue {
    ["apiVersion": "test.dev/v1", "kind": "Widget", "metadata": ["name": "w"], "spec": spec]
}
