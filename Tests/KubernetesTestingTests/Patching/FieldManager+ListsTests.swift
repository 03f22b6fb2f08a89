import KubernetesCore
import KubernetesModels
import Testing

@testable import KubernetesTesting

/// Server-side apply over the list and map types of built-in schemas.
@Suite struct FieldManagerListTests {
    let pods = FieldManager(registry: KubernetesSchemas.builtIn, rootTypeName: "CoreV1.Pod", apiVersion: "v1", kind: "Pod")
    let now = "2026-11-24T21:08:00Z"

    func pod(containers: [JSONValue], finalizers: [JSONValue]? = nil, selectorless: Bool = true) -> JSONValue {
        var metadata: JSONValue = ["name": "p"]
        if let finalizers { metadata["finalizers"] = .array(finalizers) }
        return ["apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": ["containers": .array(containers)]]
    }

    @Test func setListsOwnValuesAndDroppedValuesAreRemoved() throws {
        let created = try pods.apply(live: nil, configuration: pod(containers: [], finalizers: ["a", "b"]), manager: "m", now: now)
        let fields = try #require(try FieldOwnershipEntry.entries(of: created.object).first).fields
        #expect(fields.fieldsV1[path: ["f:metadata", "f:finalizers"]] == ["v:\"a\"": [:], "v:\"b\"": [:]])
        let other = try pods.apply(live: created.object, configuration: pod(containers: [], finalizers: ["c"]), manager: "n", now: now)
        #expect(other.object[path: ["metadata", "finalizers"]] == ["a", "b", "c"])
        let dropped = try pods.apply(live: other.object, configuration: pod(containers: [], finalizers: ["a"]), manager: "m", now: now)
        #expect(dropped.object[path: ["metadata", "finalizers"]] == ["a", "c"])
    }

    @Test func mapListItemsAnAppliersStopsApplyingAreRemoved() throws {
        let two = pod(containers: [["name": "app", "image": "a:1"], ["name": "side", "image": "s:1"]])
        let created = try pods.apply(live: nil, configuration: two, manager: "m", now: now)
        let one = try pods.apply(live: created.object, configuration: pod(containers: [["name": "app", "image": "a:1"]]), manager: "m", now: now)
        #expect(one.object[path: ["spec", "containers"]] == [["name": "app", "image": "a:1"]])
    }

    @Test func itemsKeepTheirPlaceAndNewOnesFollowTheAppliedOrder() throws {
        let created = try pods.apply(live: nil, configuration: pod(containers: [["name": "a"], ["name": "b"]]), manager: "m", now: now)
        let merged = try pods.apply(live: created.object, configuration: pod(containers: [["name": "x"], ["name": "b", "image": "b:2"]]), manager: "n", now: now)
        #expect(merged.object[path: ["spec", "containers"]]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["a", "x", "b"])
    }

    @Test func conflictsInsideListItemsAndWithSubresourceManagersAreNamed() throws {
        let created = try pods.apply(live: nil, configuration: pod(containers: [["name": "app", "image": "a:1"]]), manager: "m", now: now)
        let error = #expect(throws: PatchError.self) {
            try pods.apply(live: created.object, configuration: pod(containers: [["name": "app", "image": "a:2"]]), manager: "n", now: now)
        }
        #expect(error?.message == "Apply failed with 1 conflict: conflict with \"m\": .spec.containers[name=\"app\"].image")
        let status: JSONValue = ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "status": ["phase": "Running"]]
        let reset = FieldManager.resetFields(subresource: "status", hasStatusSubresource: true)
        let withStatus = try pods.apply(live: created.object, configuration: status, manager: "kubelet", subresource: "status", reset: reset, now: now)
        let statusError = #expect(throws: PatchError.self) {
            var body = status
            body["status"] = ["phase": "Failed"]
            return try pods.apply(live: withStatus.object, configuration: body, manager: "other", subresource: "status", reset: reset, now: now)
        }
        #expect(statusError?.message == "Apply failed with 1 conflict: conflict with \"kubelet\" with subresource \"status\": .status.phase")
    }

    @Test func atomicStructsAreReplacedAndOwnedWhole() throws {
        let deployments = FieldManager(registry: KubernetesSchemas.builtIn, rootTypeName: "AppsV1.Deployment", apiVersion: "apps/v1", kind: "Deployment")
        func body(_ selector: JSONValue) -> JSONValue {
            ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "d"], "spec": ["selector": selector]]
        }
        let created = try deployments.apply(live: nil, configuration: body(["matchLabels": ["a": "1", "b": "2"]]), manager: "m", now: now)
        #expect(try FieldOwnershipEntry.entries(of: created.object).first?.fields.fieldsV1 == ["f:spec": ["f:selector": [:]]])
        let replaced = try deployments.apply(live: created.object, configuration: body(["matchLabels": ["c": "3"]]), manager: "m", now: now)
        #expect(replaced.object[path: ["spec", "selector"]] == ["matchLabels": ["c": "3"]])
    }

    @Test func updatesOfListItemsRecordKeysAndRemovedItemsLeaveOwners() throws {
        let created = try pods.update(live: nil, updated: pod(containers: [["name": "app", "image": "a:1"], ["name": "side"]]), manager: "creator", now: now)
        let entry = try #require(try FieldOwnershipEntry.entries(of: created).first)
        #expect(entry.fields.fieldsV1[path: ["f:spec", "f:containers", "k:{\"name\":\"side\"}"]] == [".": [:], "f:name": [:]])
        #expect(entry.fields.fieldsV1[path: ["f:spec", "."]] == nil)
        let removed = try pods.update(live: created, updated: pod(containers: [["name": "app", "image": "a:2"]]), manager: "editor", now: "2026-11-24T21:09:00Z")
        let owners = try FieldOwnershipEntry.entries(of: removed)
        #expect(owners.map(\.manager) == ["creator", "editor"])
        #expect(owners[0].fields.fieldsV1[path: ["f:spec", "f:containers", "k:{\"name\":\"side\"}"]] == nil)
        #expect(owners[1].fields.fieldsV1 == ["f:spec": ["f:containers": ["k:{\"name\":\"app\"}": ["f:image": [:]]]]])
    }
}
