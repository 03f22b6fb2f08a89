import Foundation
import KubernetesCore
import KubernetesModels
import Testing
import Yams
@testable import KubernetesTesting

/// The files in examples/custom-resources behave as its README says.
@Suite struct CustomResourceExampleTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/custom-resources")

    static func load(_ name: String) throws -> JSONValue {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return try YAMLDecoder().decode(JSONValue.self, from: text)
    }

    static func schema() throws -> CustomResourceSchema {
        let crd = try CustomResourceFixtures.decode(ApiextensionsV1.CustomResourceDefinition.self, from: try load("kafkacluster-crd.yaml"))
        #expect(CustomResourceDefinitionValidator.validate(crd: crd).isEmpty)
        return try CustomResourceSchema(crd: crd, version: "v1alpha1")
    }

    @Test func validObjectIsDefaulted() throws {
        let admission = try Self.schema().admit(object: try Self.load("valid.yaml"))
        #expect(admission.errors.isEmpty)
        #expect(admission.object[path: ["spec", "replicas"]] == 3)
    }

    @Test func invalidObjectGetsTheCausesTheReadmeShows() throws {
        let schema = try Self.schema()
        let admission = schema.admit(object: try Self.load("invalid.yaml"))
        #expect(admission.errors.map(\.description) == [
            "spec.controllers: Invalid value: 10: spec.controllers in body should be less than or equal to 9",
            #"spec.storage.size: Invalid value: "lots": spec.storage.size in body should match '^[0-9]+(Ki|Mi|Gi|Ti)$'"#,
            "spec: Invalid value: controllers must be odd",
        ])
    }

    @Test func storageMayOnlyGrow() throws {
        let schema = try Self.schema()
        let stored = schema.admit(object: try Self.load("valid.yaml")).object
        var shrunk = stored
        shrunk["spec"]?["storage"] = ["size": "50Gi"]
        #expect(schema.validate(object: shrunk, old: stored).map(\.description) == [
            "spec.storage.size: Invalid value: storage may only grow",
        ])
        var grown = stored
        grown["spec"]?["storage"] = ["size": "200Gi"]
        #expect(schema.validate(object: grown, old: stored).isEmpty)
    }
}
