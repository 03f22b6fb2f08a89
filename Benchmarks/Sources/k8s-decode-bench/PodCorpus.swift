import Foundation
import KubernetesCore

/// Realistic pods to decode: the Pods the real API server returned in the recordings (or the copy in the
/// test fixtures when ../shared is absent), each given the status and the kubelet's managedFields entry a
/// running pod has (the recordings were made without kubelets, so their pods stay Pending).
struct PodCorpus {
    var pods: [JSONValue]
    var sourceDescription: String

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func load() throws -> PodCorpus {
        let recordings = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/kubernetes/recordings")
        var pods: [JSONValue] = []
        if let names = try? FileManager.default.contentsOfDirectory(atPath: recordings.path) {
            for name in names.sorted() where name.hasSuffix(".json") {
                let file = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: recordings.appendingPathComponent(name)))
                for exchange in file["exchanges"]?.arrayValue ?? [] {
                    collectPods(exchange[path: ["response", "body"]], into: &pods)
                }
            }
        }
        if !pods.isEmpty {
            return PodCorpus(pods: pods.map(running), sourceDescription: "\(pods.count) Pods from \(recordings.path)")
        }
        let fixture = repositoryRoot.appendingPathComponent("Tests/KubernetesModelsTests/Fixtures/pod.json")
        print("note: \(recordings.path) is absent; using the fixture \(fixture.lastPathComponent)")
        let pod = try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: fixture))
        return PodCorpus(pods: [running(pod)], sourceDescription: "the test fixture pod.json")
    }

    private static func collectPods(_ body: JSONValue?, into pods: inout [JSONValue]) {
        guard let body else { return }
        if body["kind"]?.stringValue == "Pod", body["spec"] != nil {
            pods.append(body)
        } else if body["kind"]?.stringValue == "PodList" {
            pods += body["items"]?.arrayValue ?? []
        }
    }

    /// A `PodList` of `count` pods cycling through the corpus, each with its own name, uid and IP.
    func podList(count: Int, keepManagedFields: Bool = true) throws -> Data {
        var items: [JSONValue] = []
        items.reserveCapacity(count)
        for index in 0..<count {
            var pod = Self.varied(pods[index % pods.count], index: index)
            if !keepManagedFields { pod["metadata"]?["managedFields"] = nil }
            items.append(pod)
        }
        let list: JSONValue = [
            "apiVersion": "v1", "kind": "PodList",
            "metadata": ["resourceVersion": "987654"],
            "items": .array(items),
        ]
        return try JSONEncoder().encode(list)
    }

    /// The `managedFields` arrays of the pods of `podList(count:)`, as one JSON array.
    func managedFieldsOnly(count: Int) throws -> Data {
        let entries: [JSONValue] = (0..<count).map { index in
            pods[index % pods.count][path: ["metadata", "managedFields"]] ?? []
        }
        return try JSONEncoder().encode(JSONValue.array(entries))
    }

    func watchEvent() throws -> Data {
        var pod = Self.varied(pods[0], index: 7)
        pod["apiVersion"] = "v1"
        pod["kind"] = "Pod"
        return try JSONEncoder().encode(["type": "MODIFIED", "object": pod] as JSONValue)
    }

    private static func varied(_ pod: JSONValue, index: Int) -> JSONValue {
        var pod = pod
        var metadata = pod["metadata"] ?? [:]
        metadata["name"] = .string("broker-\(index)")
        metadata["uid"] = .string(String(format: "6f1c%04x-1b2d-4c3e-9f4a-%012x", index % 65_536, index * 7_919))
        metadata["resourceVersion"] = .string(String(100_000 + index))
        pod["metadata"] = metadata
        pod["status"]?["podIP"] = .string("10.244.\(index / 250).\(index % 250 + 2)")
        pod["status"]?["podIPs"] = [["ip": .string("10.244.\(index / 250).\(index % 250 + 2)")]]
        return pod
    }

    /// Adds what the kubelet writes for a running pod: conditions, container statuses, IPs, and its own
    /// managedFields entry (`Update` on the `status` subresource).
    static func running(_ pod: JSONValue) -> JSONValue {
        var pod = pod
        let time: JSONValue = "2026-11-24T21:10:02Z"
        let containers = pod[path: ["spec", "containers"]]?.arrayValue ?? []
        let conditionTypes = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
        pod["status"] = [
            "phase": "Running",
            "qosClass": pod[path: ["status", "qosClass"]] ?? "BestEffort",
            "hostIP": "172.18.0.3",
            "hostIPs": [["ip": "172.18.0.3"]],
            "podIP": "10.244.0.2",
            "podIPs": [["ip": "10.244.0.2"]],
            "startTime": time,
            "conditions": .array(conditionTypes.map { type in
                ["type": .string(type), "status": "True", "lastProbeTime": nil, "lastTransitionTime": time]
            }),
            "containerStatuses": .array(containers.map { container in
                [
                    "name": container["name"] ?? "app",
                    "image": container["image"] ?? "registry.example/app:1.0",
                    "imageID": "registry.example/app@sha256:4b2d1c0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c",
                    "containerID": "containerd://0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e",
                    "ready": true, "started": true, "restartCount": 0,
                    "state": ["running": ["startedAt": time]],
                    "lastState": [:],
                    "volumeMounts": container["volumeMounts"] ?? [],
                ]
            }),
        ]
        var containerStatusFields: [String: JSONValue] = [".": [:]]
        for container in containers {
            guard let name = container["name"]?.stringValue else { continue }
            containerStatusFields["k:{\"name\":\"\(name)\"}"] = ["f:ready": [:], "f:restartCount": [:], "f:state": ["f:running": ["f:startedAt": [:]]]]
        }
        var conditionFields: [String: JSONValue] = [:]
        for type in conditionTypes {
            conditionFields["k:{\"type\":\"\(type)\"}"] = [".": [:], "f:lastProbeTime": [:], "f:lastTransitionTime": [:], "f:status": [:], "f:type": [:]]
        }
        let kubelet: JSONValue = [
            "apiVersion": "v1", "fieldsType": "FieldsV1", "manager": "kubelet", "operation": "Update",
            "subresource": "status", "time": time,
            "fieldsV1": ["f:status": [
                "f:conditions": .object(conditionFields),
                "f:containerStatuses": .object(containerStatusFields),
                "f:hostIP": [:], "f:hostIPs": [:], "f:phase": [:], "f:podIP": [:],
                "f:podIPs": [".": [:], "k:{\"ip\":\"10.244.0.2\"}": [".": [:], "f:ip": [:]]],
                "f:startTime": [:],
            ]],
        ]
        var metadata = pod["metadata"] ?? [:]
        metadata["managedFields"] = .array((metadata["managedFields"]?.arrayValue ?? []) + [kubelet])
        pod["metadata"] = metadata
        return pod
    }
}
