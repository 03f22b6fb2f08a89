import KubernetesCore
import Testing

@testable import KubernetesTesting

@Suite struct WritePreparationTests {
    let rules = WritePreparation.Rules(hasStatusSubresource: true, tracksGeneration: true, immutablePaths: [["spec", "selector"]])
    let live: JSONValue = [
        "metadata": ["name": "prod", "namespace": "ns", "uid": "u1", "resourceVersion": "7", "creationTimestamp": "2026-11-24T21:08:06Z", "generation": 2, "labels": ["env": "prod"]],
        "spec": ["replicas": 5, "selector": "a"],
        "status": ["phase": "Ready"],
    ]

    func update(_ change: (inout JSONValue) -> Void, subresource: String? = nil, rules: WritePreparation.Rules? = nil) throws -> JSONValue {
        var incoming = live
        change(&incoming)
        return try WritePreparation.prepareUpdate(live: live, incoming: incoming, subresource: subresource, rules: rules ?? self.rules, kind: "KafkaCluster", group: "example.dev")
    }

    @Test func specChangeBumpsGenerationAndKeepsServerMetadata() throws {
        let result = try update { $0["spec"] = ["replicas": 6, "selector": "a"]; $0["metadata"] = ["name": "prod", "labels": ["env": "prod"]] }
        #expect(result[path: ["metadata", "generation"]] == 3)
        #expect(result[path: ["metadata", "uid"]] == "u1")
        #expect(result[path: ["metadata", "resourceVersion"]] == "7")
        #expect(result[path: ["metadata", "creationTimestamp"]] == "2026-11-24T21:08:06Z")
    }

    @Test func statusIsIgnoredOnTheMainResourceAndMetadataDoesNotBump() throws {
        let result = try update { $0["status"] = ["phase": "Hacked"]; $0["metadata"] = ["name": "prod", "generation": 9, "labels": ["env": "prod", "touched": "yes"]] }
        #expect(result["status"] == ["phase": "Ready"])
        #expect(result[path: ["metadata", "generation"]] == 2)
        #expect(result[path: ["metadata", "labels"]] == ["env": "prod", "touched": "yes"])
    }

    @Test func statusWritesTakeOnlyTheStatus() throws {
        let result = try update({ $0["status"] = ["phase": "Degraded"]; $0["spec"] = ["replicas": 42, "selector": "a"]; $0["metadata"] = ["name": "prod", "labels": [:]] }, subresource: "status")
        #expect(result["status"] == ["phase": "Degraded"])
        #expect(result["spec"] == live["spec"])
        #expect(result[path: ["metadata", "labels"]] == ["env": "prod"])
        #expect(result[path: ["metadata", "generation"]] == 2)
    }

    @Test func scaleWritesBumpTheGeneration() throws {
        let result = try update({ $0["spec"] = ["replicas": 9, "selector": "a"] }, subresource: "scale")
        #expect(result[path: ["spec", "replicas"]] == 9)
        #expect(result[path: ["metadata", "generation"]] == 3)
        #expect(result["status"] == live["status"])
    }

    @Test func withoutStatusSubresourceStatusIsPartOfTheObject() throws {
        let plain = WritePreparation.Rules(hasStatusSubresource: false, tracksGeneration: true)
        let result = try update({ $0["status"] = ["phase": "New"] }, rules: plain)
        #expect(result["status"] == ["phase": "New"])
        #expect(result[path: ["metadata", "generation"]] == 3)
    }

    @Test func immutableFieldsAndIdentityAreRefused() {
        let error = #expect(throws: PatchError.self) {
            try update { $0["spec"] = ["replicas": 5, "selector": "b"]; $0["metadata"] = ["name": "prod", "uid": "other"] }
        }
        #expect(error?.code == 422)
        #expect(error?.message == "KafkaCluster.example.dev \"prod\" is invalid: [metadata.uid: Invalid value: \"other\": field is immutable, spec.selector: Invalid value: \"b\": field is immutable]")
        #expect(error?.details?["causes"]?.arrayValue?.count == 3)
    }

    @Test func noNewFinalizersWhileDeleting() throws {
        var deleting = live
        deleting["metadata"] = ["name": "prod", "deletionTimestamp": "2026-11-24T21:08:06Z", "finalizers": ["example.dev/cleanup"]]
        var incoming = deleting
        incoming["metadata"] = ["name": "prod", "finalizers": ["example.dev/cleanup", "example.dev/late"]]
        let error = #expect(throws: PatchError.self) {
            try WritePreparation.prepareUpdate(live: deleting, incoming: incoming, subresource: nil, rules: rules, kind: "KafkaCluster", group: "example.dev")
        }
        #expect(error?.message == "KafkaCluster.example.dev \"prod\" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.dev/late\"}")
        incoming["metadata"] = ["name": "prod", "finalizers": []]
        let removed = try WritePreparation.prepareUpdate(live: deleting, incoming: incoming, subresource: nil, rules: rules, kind: "KafkaCluster", group: "example.dev")
        #expect(removed[path: ["metadata", "deletionTimestamp"]] == "2026-11-24T21:08:06Z")
    }

    @Test func createDropsStatusAndServerFieldsAndStartsGenerationAtOne() {
        let created = WritePreparation.prepareCreate(live, rules: rules)
        #expect(created["status"] == nil)
        #expect(created[path: ["metadata", "generation"]] == 1)
        #expect(created[path: ["metadata", "uid"]] == nil)
        let configMap = WritePreparation.prepareCreate(["metadata": ["name": "c"], "data": ["a": "1"]], rules: .init(hasStatusSubresource: false, tracksGeneration: false))
        #expect(configMap == ["metadata": ["name": "c"], "data": ["a": "1"]])
    }
}
