import KubernetesCore
import Testing

@testable import KubernetesTesting

@Suite struct JSONPatchTests {
    let live: JSONValue = [
        "metadata": ["labels": ["app": "web", "tier": "frontend"], "finalizers": ["a/b"], "annotations": ["x/y": "1", "m~n": "2"]],
        "spec": ["replicas": 1, "ports": [80, 443]],
    ]

    @Test func addReplaceRemoveAsTheRecordedDeploymentPatch() throws {
        let patch: JSONValue = [
            ["op": "add", "path": "/metadata/labels/release", "value": "r1"],
            ["op": "replace", "path": "/spec/replicas", "value": 2],
            ["op": "remove", "path": "/metadata/labels/tier"],
        ]
        let result = try JSONPatch.apply(patch, to: live)
        #expect(result[path: ["metadata", "labels"]] == ["app": "web", "release": "r1"])
        #expect(result[path: ["spec", "replicas"]] == 2)
    }

    @Test func pointerEscapesAndArrayIndices() throws {
        let patch: JSONValue = [
            ["op": "remove", "path": "/metadata/annotations/x~1y"],
            ["op": "replace", "path": "/metadata/annotations/m~0n", "value": "3"],
            ["op": "add", "path": "/spec/ports/-", "value": 8080],
            ["op": "add", "path": "/spec/ports/0", "value": 22],
        ]
        let result = try JSONPatch.apply(patch, to: live)
        #expect(result[path: ["metadata", "annotations"]] == ["m~n": "3"])
        #expect(result[path: ["spec", "ports"]] == [22, 80, 443, 8080])
    }

    @Test func moveCopyAndTest() throws {
        let patch: JSONValue = [
            ["op": "test", "path": "/metadata/finalizers", "value": ["a/b"]],
            ["op": "copy", "from": "/metadata/labels/app", "path": "/metadata/labels/name"],
            ["op": "move", "from": "/metadata/labels/tier", "path": "/spec/tier"],
            ["op": "test", "path": "/spec/replicas", "value": 1.0],
        ]
        let result = try JSONPatch.apply(patch, to: live)
        #expect(result[path: ["metadata", "labels"]] == ["app": "web", "name": "web"])
        #expect(result[path: ["spec", "tier"]] == "frontend")
    }

    @Test(arguments: [
        [["op": "test", "path": "/metadata/finalizers/0", "value": "example.dev/other"]] as JSONValue,
        [["op": "remove", "path": "/metadata/labels/does-not-exist"]],
        [["op": "replace", "path": "/spec/missing", "value": 1]],
        [["op": "add", "path": "/no/parent", "value": 1]],
        [["op": "add", "path": "/spec/ports/5", "value": 1]],
        [["op": "remove", "path": "/spec/ports/01"]],
        [["op": "move", "from": "/metadata", "path": "/metadata/labels/x"]],
        [["op": "frobnicate", "path": "/spec"]],
        [["op": "add", "path": "spec", "value": 1]],
    ])
    func failingOperationsGetTheServersGeneric422(patch: JSONValue) {
        let error = #expect(throws: PatchError.self) { try JSONPatch.apply(patch, to: live) }
        #expect(error?.statusObject == [
            "apiVersion": "v1", "code": 422, "details": [:], "kind": "Status",
            "message": "the server rejected our request due to an error in our request",
            "metadata": [:], "reason": "Invalid", "status": "Failure",
        ])
        #expect(error?.diagnostic?.isEmpty == false)
    }

    @Test func aPatchThatIsNotAListIsABadRequest() {
        let error = #expect(throws: PatchError.self) {
            try JSONPatch.apply(["op": "remove", "path": "/metadata/labels/app"], to: live)
        }
        #expect(error?.code == 400)
        #expect(error?.message == "error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp")
    }

    @Test func tooManyOperationsAreRefused() {
        let patch = JSONValue.array(Array(repeating: ["op": "test", "path": "/spec/replicas", "value": 1], count: JSONPatch.maxOperations + 1))
        let error = #expect(throws: PatchError.self) { try JSONPatch.apply(patch, to: live) }
        #expect(error?.code == 413)
        #expect(error?.message == "The allowed maximum operations in a JSON patch is 10000, got 10001")
    }

    @Test func aFailingOperationLeavesNothingApplied() throws {
        let patch: JSONValue = [["op": "add", "path": "/spec/replicas", "value": 5], ["op": "test", "path": "/spec/replicas", "value": 1]]
        #expect(throws: PatchError.self) { try JSONPatch.apply(patch, to: live) }
        #expect(live[path: ["spec", "replicas"]] == 1)
    }
}
