import Foundation
import KubernetesCore
import KubernetesModels
import Testing
@testable import KubernetesTesting

/// Replays the recorded custom-resource exchanges against the pure CRD functions and compares with the bodies
/// the real API server returned.
@Suite struct RecordedCustomResourceTests {
    @Test func recordedCRDIsValid() throws {
        #expect(CustomResourceDefinitionValidator.validate(crd: try CustomResourceFixtures.crd()).isEmpty)
    }

    @Test func createWithoutReplicasIsDefaultedToThree() throws {
        let exchange = try CustomResourceFixtures.exchange(4)
        let admission = try CustomResourceFixtures.schema().admit(object: exchange[path: ["request", "body"]] ?? .null)
        #expect(admission.errors.isEmpty)
        #expect(admission.unknownFields.isEmpty)
        #expect(admission.object["spec"] == exchange[path: ["response", "body", "spec"]])
        #expect(admission.object[path: ["spec", "replicas"]] == .integer(3))
    }

    @Test(arguments: [5, 6, 7, 8, 9, 10, 11])
    func invalidCreateMatchesRecordedBody(index: Int) throws {
        let exchange = try CustomResourceFixtures.exchange(index)
        let body = exchange[path: ["request", "body"]] ?? .null
        let schema = try CustomResourceFixtures.schema()
        let admission = schema.admit(object: body)
        let name = body[path: ["metadata", "name"]]?.stringValue ?? ""
        let status = try CustomResourceFixtures.json(schema.invalidStatus(name: name, errors: admission.errors))
        #expect(status == exchange[path: ["response", "body"]], "exchange \(index): \(exchange["note"] ?? .null)")
        #expect(exchange[path: ["response", "status"]] == .integer(422))
    }

    @Test func scalePatchToZeroReplicasMatchesRecordedBody() throws {
        let exchange = try CustomResourceFixtures.exchange(22)
        var stored = try CustomResourceFixtures.exchange(17)[path: ["response", "body"]] ?? .null
        stored["spec"]?["replicas"] = .integer(0)
        let schema = try CustomResourceFixtures.schema()
        let errors = schema.validate(object: stored, old: nil)
        let status = try CustomResourceFixtures.json(schema.invalidStatus(name: "prod", errors: errors))
        #expect(status == exchange[path: ["response", "body"]])
    }

    @Test func tableMatchesRecordedBody() throws {
        let exchange = try CustomResourceFixtures.exchange(13)
        let object = try CustomResourceFixtures.exchange(4)[path: ["response", "body"]] ?? .null
        let created = try #require(Time(rfc3339: object[path: ["metadata", "creationTimestamp"]]?.stringValue ?? ""))
        let table = try CustomResourceFixtures.schema().table(
            for: [object], listMetadata: ["resourceVersion": "1686"], now: created)
        #expect(table == exchange[path: ["response", "body"]])
    }

    @Test func strictUnknownFieldMatchesRecordedMessage() throws {
        let exchange = try CustomResourceFixtures.exchange(22, scenario: "serverSideApply")
        let admission = try CustomResourceFixtures.schema().admit(
            object: exchange[path: ["request", "body"]] ?? .null, fieldValidation: .strict)
        #expect(admission.strictDecodingMessage == exchange[path: ["response", "body", "message"]]?.stringValue)
        #expect(admission.unknownFields == ["spec.colour"])
    }

    @Test func warnUnknownFieldMatchesRecordedWarningAndObject() throws {
        let exchange = try CustomResourceFixtures.exchange(23, scenario: "serverSideApply")
        let admission = try CustomResourceFixtures.schema().admit(
            object: exchange[path: ["request", "body"]] ?? .null, fieldValidation: .warn)
        // The Warning header is `299 - "<text>"` with the text Go-quoted.
        let header = exchange[path: ["response", "headers", "Warning"]]?.arrayValue?.first?.stringValue
        #expect(admission.warnings.map { "299 - \(goQuote($0))" } == [header].compactMap { $0 })
        #expect(admission.object["spec"] == exchange[path: ["response", "body", "spec"]])
        #expect(admission.strictDecodingMessage == nil)
        #expect(admission.errors.isEmpty)
    }

    /// The fixture is a faithful copy of the recordings in ../shared.
    @Test(.enabled(if: CustomResourceFixtures.sharedRecordings != nil, "SKIPPED: ../shared/kubernetes/recordings is absent"))
    func fixtureMatchesSharedRecordings() throws {
        let directory = try #require(CustomResourceFixtures.sharedRecordings)
        let recording = try JSONDecoder().decode(
            JSONValue.self, from: Data(contentsOf: directory.appendingPathComponent("custom-resources.json")))
        let exchanges = try #require(recording["exchanges"]?.arrayValue)
        let fixture = try CustomResourceFixtures.exchanges()
        for (key, copied) in fixture["customResources"]?.objectValue ?? [:] {
            let index = try #require(Int(key))
            #expect(copied["response"] == exchanges[index]["response"], "exchange \(index)")
            #expect(copied["request"] == exchanges[index]["request"], "exchange \(index)")
        }
    }
}
