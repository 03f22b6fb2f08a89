import KubernetesCore
import Testing

@testable import KubernetesTesting

@Suite struct JSONMergePatchTests {
    @Test func nullDeletesAndObjectsMerge() throws {
        let live: JSONValue = ["metadata": ["labels": ["app": "web", "team": "blue"]], "spec": ["replicas": 1]]
        let patched = try JSONMergePatch.apply(["metadata": ["labels": ["team": nil, "env": "prod"]]], to: live)
        #expect(patched == ["metadata": ["labels": ["app": "web", "env": "prod"]], "spec": ["replicas": 1]])
    }

    @Test func listsAreReplacedWhole() throws {
        let live: JSONValue = ["spec": ["containers": [["name": "a", "image": "x"], ["name": "b"]]]]
        let patched = try JSONMergePatch.apply(["spec": ["containers": [["name": "c"]]]], to: live)
        #expect(patched == ["spec": ["containers": [["name": "c"]]]])
    }

    @Test func nonObjectPatchReplacesTheDocumentAndNullIsRejected() throws {
        #expect(try JSONMergePatch.apply([1, 2], to: ["a": 1]) == [1, 2])
        #expect(try JSONMergePatch.apply(["a": ["b": 1]], to: ["a": "scalar"]) == ["a": ["b": 1]])
        let error = #expect(throws: PatchError.self) { try JSONMergePatch.apply(nil, to: ["a": 1]) }
        #expect(error?.code == 400)
        #expect(error?.message == "Invalid JSON Patch")
    }
}
