import KubernetesCore
import KubernetesModels
import Testing

@testable import KubernetesTesting

@Suite struct FieldManagerTests {
    let configMaps = FieldManager(registry: KubernetesSchemas.builtIn, rootTypeName: "CoreV1.ConfigMap", apiVersion: "v1", kind: "ConfigMap")

    func config(_ data: JSONValue, labels: JSONValue? = nil) -> JSONValue {
        var metadata: JSONValue = ["name": "demo"]
        if let labels { metadata["labels"] = labels }
        return ["apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata, "data": data]
    }

    func entries(_ object: JSONValue) throws -> [FieldOwnershipEntry] { try FieldOwnershipEntry.entries(of: object) }

    @Test func applyCreatesWithOneApplyEntry() throws {
        let outcome = try configMaps.apply(live: nil, configuration: config(["a": "1"], labels: ["app": "demo"]), manager: "alpha", now: "2026-11-24T21:08:00Z")
        #expect(outcome.object["data"] == ["a": "1"])
        let entry = try #require(try entries(outcome.object).first)
        #expect(entry.manager == "alpha" && entry.operation == .apply && entry.time == "2026-11-24T21:08:00Z")
        #expect(entry.fields.fieldsV1 == ["f:data": ["f:a": [:]], "f:metadata": ["f:labels": ["f:app": [:]]]])
    }

    @Test func identicalReapplyIsANoOp() throws {
        let created = try configMaps.apply(live: nil, configuration: config(["a": "1"]), manager: "alpha", now: "2026-11-24T21:08:00Z")
        let again = try configMaps.apply(live: created.object, configuration: config(["a": "1"]), manager: "alpha", now: "2026-11-24T21:09:00Z")
        #expect(again.isNoOp)
        #expect(again.object == created.object)
    }

    @Test func conflictNamesTheOwnerAndForceTransfersOwnership() throws {
        let created = try configMaps.apply(live: nil, configuration: config(["a": "1", "b": "2"]), manager: "alpha", now: "2026-11-24T21:08:00Z")
        let error = #expect(throws: PatchError.self) {
            try configMaps.apply(live: created.object, configuration: config(["a": "beta"]), manager: "beta", now: "2026-11-24T21:08:01Z")
        }
        #expect(error?.statusObject == [
            "apiVersion": "v1", "code": 409, "kind": "Status", "metadata": [:], "reason": "Conflict", "status": "Failure",
            "message": "Apply failed with 1 conflict: conflict with \"alpha\": .data.a",
            "details": ["causes": [["field": ".data.a", "message": "conflict with \"alpha\"", "reason": "FieldManagerConflict"]]],
        ])
        let forced = try configMaps.apply(live: created.object, configuration: config(["a": "beta"]), manager: "beta", force: true, now: "2026-11-24T21:08:01Z")
        let owners = try entries(forced.object)
        #expect(owners.map(\.manager) == ["alpha", "beta"])
        #expect(owners[0].fields == FieldSet(paths: [[.field("data"), .field("b")]]))
        #expect(owners[1].fields == FieldSet(paths: [[.field("data"), .field("a")]]))
        #expect(forced.object["data"] == ["a": "beta", "b": "2"])
    }

    @Test func conflictsWithUpdateManagersNameTheirAPIVersionAndAreListedTogether() throws {
        let live = try configMaps.update(live: nil, updated: config(["a": "1", "b": "2"]), manager: "kubectl-edit", now: "2026-11-24T21:08:00Z")
        let error = #expect(throws: PatchError.self) {
            try configMaps.apply(live: live, configuration: config(["a": "x", "b": "y"]), manager: "op", now: "2026-11-24T21:08:01Z")
        }
        #expect(error?.message == "Apply failed with 2 conflicts: conflicts with \"kubectl-edit\" using v1:\n- .data.a\n- .data.b")
    }

    @Test func sameValueSharesOwnershipAndTheUnchangedApplierGetsNoTime() throws {
        let created = try configMaps.apply(live: nil, configuration: config(["b": "2"]), manager: "alpha", now: "2026-11-24T21:08:00Z")
        let shared = try configMaps.apply(live: created.object, configuration: config(["b": "2"]), manager: "gamma", now: "2026-11-24T21:08:01Z")
        #expect(!shared.isNoOp)
        let owners = try entries(shared.object)
        #expect(owners.map(\.manager) == ["gamma", "alpha"])
        #expect(owners[0].time == nil)
    }

    @Test func fieldsNoLongerAppliedAreRemovedUnlessSomeoneElseOwnsThem() throws {
        let created = try configMaps.apply(live: nil, configuration: config(["b": "2", "c": "3"], labels: ["app": "demo"]), manager: "alpha", now: "2026-11-24T21:08:00Z")
        let shared = try configMaps.apply(live: created.object, configuration: config(["b": "2"]), manager: "gamma", now: "2026-11-24T21:08:01Z")
        let dropped = try configMaps.apply(live: shared.object, configuration: config([:]), manager: "alpha", now: "2026-11-24T21:08:02Z")
        #expect(dropped.object["data"] == ["b": "2"])
        #expect(dropped.object[path: ["metadata", "labels"]] == nil)
        #expect(dropped.object[path: ["metadata", "name"]] == "demo")
    }

    @Test func updateRecordsChangedFieldsAndRemovedFieldsLeaveEveryOwner() throws {
        let created = try configMaps.apply(live: nil, configuration: config(["a": "1", "b": "2"]), manager: "alpha", now: "2026-11-24T21:08:00Z")
        var replaced = created.object
        replaced["data"] = ["a": "1", "d": "put"]
        let updated = try configMaps.update(live: created.object, updated: replaced, manager: "record-kube", now: "2026-11-24T21:08:05Z")
        let owners = try entries(updated)
        #expect(owners.map(\.manager) == ["alpha", "record-kube"])
        #expect(owners[0].fields == FieldSet(paths: [[.field("data"), .field("a")]]))
        #expect(owners[1].fields.fieldsV1 == ["f:data": ["f:d": [:]]])
        #expect(owners[1].operation == .update && owners[1].time == "2026-11-24T21:08:05Z")
        let unchanged = try configMaps.update(live: updated, updated: updated, manager: "other", now: "2026-11-24T21:09:00Z")
        #expect(unchanged == updated)
    }

    @Test func unknownFieldsFailLikeTheRealServer() {
        var body = config(["c": "3"])
        body["spec"] = ["unknown": true]
        let error = #expect(throws: PatchError.self) {
            try configMaps.apply(live: nil, configuration: body, manager: "alpha", now: "2026-11-24T21:08:00Z")
        }
        #expect(error?.code == 500)
        #expect(error?.reason == nil)
        #expect(error?.message == "failed to create typed patch object (/demo; /v1, Kind=ConfigMap): .spec: field not declared in schema")
    }

    @Test func applyBodiesNeedAKindAndNoManagedFields() {
        let untyped = #expect(throws: PatchError.self) {
            try configMaps.apply(live: nil, configuration: ["metadata": ["name": "demo"]], manager: "alpha", now: "2026-11-24T21:08:00Z")
        }
        #expect(untyped?.message == "invalid object type: /, Kind=")
        var body = config(["a": "1"])
        body["metadata"] = ["name": "demo", "managedFields": [["manager": "x"]]]
        let managed = #expect(throws: PatchError.self) {
            try configMaps.apply(live: nil, configuration: body, manager: "alpha", now: "2026-11-24T21:08:00Z")
        }
        #expect(managed?.code == 400)
    }

    @Test func listMapsMergeByKeyAndStatusIsResetOnTheMainResource() throws {
        let deployments = FieldManager(registry: KubernetesSchemas.builtIn, rootTypeName: "AppsV1.Deployment", apiVersion: "apps/v1", kind: "Deployment")
        let base: JSONValue = ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"], "spec": ["template": ["spec": ["containers": [["name": "app", "image": "a:1"]]]]], "status": ["replicas": 3]]
        let reset = FieldManager.resetFields(subresource: nil, hasStatusSubresource: true)
        let created = try deployments.apply(live: nil, configuration: base, manager: "op", reset: reset, now: "2026-11-24T21:08:00Z")
        let owned = try #require(try entries(created.object).first).fields
        #expect(owned.contains([.field("spec"), .field("template"), .field("spec"), .field("containers"), .key([.init(name: "name", value: "app")]), .field("image")]))
        #expect(!owned.contains([.field("status"), .field("replicas")]))
        let sidecar: JSONValue = ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web"], "spec": ["template": ["spec": ["containers": [["name": "side", "image": "s:1"]]]]]]
        let both = try deployments.apply(live: created.object, configuration: sidecar, manager: "other", reset: reset, now: "2026-11-24T21:08:01Z")
        #expect(both.object[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.count == 2)
    }

    @Test func unknownKindsAreGranularMapsWithAtomicLists() throws {
        let manager = FieldManager(registry: SchemaRegistry(), rootTypeName: nil, apiVersion: "x.dev/v1", kind: "Thing")
        let body: JSONValue = ["apiVersion": "x.dev/v1", "kind": "Thing", "metadata": ["name": "t"], "spec": ["list": [1, 2], "n": 1]]
        let created = try manager.apply(live: nil, configuration: body, manager: "m", now: "2026-11-24T21:08:00Z")
        #expect(try entries(created.object).first?.fields.fieldsV1 == ["f:spec": [".": [:], "f:list": [:], "f:n": [:]]])
    }

    @Test func entriesSortLikeTheRealServer() {
        func entry(_ manager: String, _ operation: FieldOwnershipEntry.Operation, _ time: String?) -> FieldOwnershipEntry {
            FieldOwnershipEntry(manager: manager, operation: operation, apiVersion: "v1", time: time, subresource: nil, fields: FieldSet(paths: [[.field("x")]]))
        }
        let sorted = FieldOwnershipEntry.sorted([
            entry("z", .update, "2026-11-24T21:08:00Z"), entry("b", .apply, "2026-11-24T21:08:01Z"),
            entry("a", .apply, "2026-11-24T21:08:01Z"), entry("g", .apply, nil), entry("k", .update, "2026-11-24T21:07:00Z"),
        ])
        #expect(sorted.map(\.manager) == ["g", "a", "b", "k", "z"])
    }

    @Test func defaultManagerComesFromTheUserAgent() {
        #expect(FieldManager.defaultManager(userAgent: "record-kube/1.0") == "record-kube")
        #expect(FieldManager.defaultManager(userAgent: "kubectl/v1.36.0 (linux/amd64) kubernetes/abc") == "kubectl")
        #expect(FieldManager.defaultManager(userAgent: String(repeating: "x", count: 200)).count == 128)
    }
}
