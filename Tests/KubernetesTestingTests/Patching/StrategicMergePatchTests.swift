import KubernetesCore
import KubernetesModels
import Testing

@testable import KubernetesTesting

@Suite struct StrategicMergePatchTests {
    let deployment = StrategicMergePatch(registry: KubernetesSchemas.builtIn, rootTypeName: "AppsV1.Deployment")
    let pod = StrategicMergePatch(registry: KubernetesSchemas.builtIn, rootTypeName: "CoreV1.Pod")
    let live: JSONValue = [
        "metadata": ["name": "web", "finalizers": ["a", "b"], "labels": ["app": "web"]],
        "spec": ["template": ["spec": [
            "containers": [["name": "app", "image": "web:1.0", "ports": [["containerPort": 8080]]], ["name": "sidecar", "image": "side:1.0"]],
            "tolerations": [["key": "a"]],
        ]]],
    ]

    private func containers(_ object: JSONValue) -> JSONValue? { object[path: ["spec", "template", "spec", "containers"]] }

    @Test func containersMergeByName() throws {
        let result = try deployment.apply(["spec": ["template": ["spec": ["containers": [["name": "app", "image": "web:1.1"]]]]]], to: live)
        #expect(containers(result) == [["name": "app", "image": "web:1.1", "ports": [["containerPort": 8080]]], ["name": "sidecar", "image": "side:1.0"]])
    }

    @Test func newItemsComeFirstWhenNotInTheLiveOrder() throws {
        let result = try deployment.apply(["spec": ["template": ["spec": ["containers": [["name": "init", "image": "i"]]]]]], to: live)
        #expect(containers(result)?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["init", "app", "sidecar"])
    }

    @Test func patchDeleteAndReplaceDirectives() throws {
        let deleted = try deployment.apply(["spec": ["template": ["spec": ["containers": [["$patch": "delete", "name": "sidecar"]]]]]], to: live)
        #expect(containers(deleted) == [["name": "app", "image": "web:1.0", "ports": [["containerPort": 8080]]]])
        let replaced = try deployment.apply(["spec": ["template": ["spec": ["containers": [["name": "only"], ["$patch": "replace"]]]]]], to: live)
        #expect(containers(replaced) == [["name": "only"]])
        let mapReplaced = try deployment.apply(["metadata": ["labels": ["$patch": "replace", "new": "1"]]], to: live)
        #expect(mapReplaced[path: ["metadata", "labels"]] == ["new": "1"])
        let mapDeleted = try deployment.apply(["metadata": ["labels": ["$patch": "delete"]]], to: live)
        #expect(mapDeleted[path: ["metadata", "labels"]] == [:])
    }

    @Test func listsWithoutMergeStrategyAreReplacedAndNullDeletes() throws {
        let result = try pod.apply(["spec": ["tolerations": [["key": "b"]]], "metadata": ["labels": nil]], to: live)
        #expect(result[path: ["spec", "tolerations"]] == [["key": "b"]])
        #expect(result[path: ["metadata", "labels"]] == nil)
    }

    @Test func primitiveListsMergeAsSetsAndDeleteFromPrimitiveList() throws {
        let added = try pod.apply(["metadata": ["finalizers": ["c", "a"]]], to: live)
        #expect(added[path: ["metadata", "finalizers"]] == ["c", "a", "b"])
        let removed = try pod.apply(["metadata": ["$deleteFromPrimitiveList/finalizers": ["a"]]], to: live)
        #expect(removed[path: ["metadata", "finalizers"]] == ["b"])
    }

    @Test func setElementOrderReordersTheMergedList() throws {
        let patch: JSONValue = ["spec": ["template": ["spec": [
            "$setElementOrder/containers": [["name": "sidecar"], ["name": "app"]],
            "containers": [["name": "app", "image": "web:2"]],
        ]]]]
        let result = try deployment.apply(patch, to: live)
        #expect(containers(result)?.arrayValue?.compactMap { $0["image"]?.stringValue } == ["side:1.0", "web:2"])
    }

    @Test func retainKeysDropsLiveKeysNotListed() throws {
        let live: JSONValue = ["spec": ["strategy": ["type": "RollingUpdate", "rollingUpdate": ["maxSurge": 1]]]]
        let result = try deployment.apply(["spec": ["strategy": ["$retainKeys": ["type"], "type": "Recreate"]]], to: live)
        #expect(result == ["spec": ["strategy": ["type": "Recreate"]]])
    }

    @Test func badDirectivesAndMissingMergeKeysAreRejected() {
        #expect(throws: PatchError.self) {
            try deployment.apply(["spec": ["template": ["spec": ["containers": [["image": "x"]]]]]], to: live)
        }
        #expect(throws: PatchError.self) { try deployment.apply(["metadata": ["labels": ["$patch": "explode"]]], to: live) }
        let error = #expect(throws: PatchError.self) { try deployment.apply([1], to: live) }
        #expect(error?.code == 400)
    }

    @Test func podConditionsMergeByTypeWithTheNewOneFirst() throws {
        let live: JSONValue = ["status": ["conditions": [["type": "Ready", "status": "True"]], "phase": "Running"]]
        let result = try pod.apply(["status": ["conditions": [["type": "ContainersReady", "status": "True"]]]], to: live)
        #expect(result[path: ["status", "conditions"]] == [["type": "ContainersReady", "status": "True"], ["type": "Ready", "status": "True"]])
    }
}
