import Foundation
import KubernetesClient
import KubernetesCore
import KubernetesModels
import KubernetesTesting
import Synchronization
import Testing

/// Pods on simulated nodes, over real HTTP against the in-memory API server.
@Suite struct PodLifecycleTests {
    @Test func podGoesPendingRunningReadyWithKubeletStatus() async throws {
        try await NodeTestCluster.with { cluster in
            try await cluster.createPod("web", labels: ["app": "web"])
            let pod = try await waitFor(cluster.pods(), "web", "Ready") { $0.readyStatus == "True" }
            #expect(pod.status?.phase == "Running")
            #expect(pod.spec?.nodeName?.hasPrefix("node-") == true)
            let types = pod.status?.conditions?.map(\.type) ?? []
            #expect(types == ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"])
            #expect(pod.status?.conditions?.allSatisfy { $0.status == "True" && $0.lastTransitionTime != nil } == true)
            #expect(pod.status?.podIP?.hasPrefix("10.244.") == true)
            #expect(pod.status?.hostIP?.hasPrefix("172.18.0.") == true)
            #expect(pod.status?.startTime != nil)
            let container = try #require(pod.status?.containerStatuses?.first)
            #expect(container.name == "main")
            #expect(container.ready)
            #expect(container.started == true)
            #expect(container.restartCount == 0)
            #expect(container.state?.running?.startedAt != nil)
            // Binding copied the node's zone onto the Pod (PodTopologyLabels admission).
            let zone = pod.metadata.labels?["topology.kubernetes.io/zone"]
            #expect(zone != nil && ["zone-a", "zone-b", "zone-c"].contains(zone ?? ""))
            let node = try await cluster.client.api(CoreV1.Node.self).get(pod.spec?.nodeName ?? "")
            #expect(node.metadata.labels?["topology.kubernetes.io/zone"] == zone)
        }
    }

    @Test func podsSpreadOverNodesAndGetDistinctIPs() async throws {
        try await NodeTestCluster.with { cluster in
            for index in 0..<6 { try await cluster.createPod("p\(index)") }
            var ips: Set<String> = []
            var nodes: [String: Int] = [:]
            for index in 0..<6 {
                let pod = try await waitFor(cluster.pods(), "p\(index)", "Ready") { $0.readyStatus == "True" }
                ips.insert(pod.status?.podIP ?? "")
                nodes[pod.spec?.nodeName ?? "", default: 0] += 1
            }
            #expect(ips.count == 6)
            #expect(nodes.count == 3 && nodes.values.allSatisfy { $0 == 2 }, "least-loaded placement: \(nodes)")
        }
    }

    @Test func nodeSelectorAndUnschedulablePods() async throws {
        try await NodeTestCluster.with { cluster in
            try await cluster.createPod("in-b", extraSpec: ["nodeSelector": ["topology.kubernetes.io/zone": "zone-b"]])
            let placed = try await waitFor(cluster.pods(), "in-b", "scheduled") { !($0.spec?.nodeName ?? "").isEmpty }
            #expect(placed.spec?.nodeName == "node-2")
            try await cluster.createPod("nowhere", extraSpec: ["nodeSelector": ["disk": "ssd"]])
            let pending = try await waitFor(cluster.pods(), "nowhere", "unschedulable") { $0.condition("PodScheduled")?.reason == "Unschedulable" }
            #expect(pending.condition("PodScheduled")?.status == "False")
            #expect(pending.condition("PodScheduled")?.message?.contains("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector") == true)
            #expect(pending.status?.phase == "Pending")
        }
    }

    @Test func crashingContainerRestartsWithCrashLoopBackOff() async throws {
        let runtime = ClosureRuntime(prefix: "crash") { _, _, _ in throw CrashError() }
        try await NodeTestCluster.with(runtimes: [runtime]) { cluster in
            try await cluster.createPod("crasher", containers: [["name": "main", "image": "crash:1"]])
            let pod = try await waitFor(cluster.pods(), "crasher", "restarted twice in back-off") { pod in
                guard let status = pod.status?.containerStatuses?.first else { return false }
                return status.restartCount >= 2 && status.state?.waiting?.reason == "CrashLoopBackOff"
            }
            let status = try #require(pod.status?.containerStatuses?.first)
            #expect(status.state?.waiting?.message?.contains("restarting failed container=main pod=crasher_default") == true)
            #expect(status.lastState?.terminated?.exitCode == 1)
            #expect(status.lastState?.terminated?.reason == "Error")
            #expect(status.lastState?.terminated?.message == "simulated crash")
            #expect(!status.ready)
            #expect(pod.status?.phase == "Running")
            #expect(pod.readyStatus == "False")
        }
    }

    @Test func restartPolicyNeverEndsInSucceededOrFailed() async throws {
        let runtime = ClosureRuntime(prefix: "job") { container, _, _ in
            if container.name == "fail" { throw CrashError() }
        }
        try await NodeTestCluster.with(runtimes: [runtime]) { cluster in
            try await cluster.createPod("ok", containers: [["name": "ok", "image": "job:1"]], extraSpec: ["restartPolicy": "Never"])
            try await cluster.createPod("bad", containers: [["name": "fail", "image": "job:1"]], extraSpec: ["restartPolicy": "Never"])
            let ok = try await waitFor(cluster.pods(), "ok", "Succeeded") { $0.status?.phase == "Succeeded" }
            #expect(ok.status?.containerStatuses?.first?.state?.terminated?.reason == "Completed")
            let bad = try await waitFor(cluster.pods(), "bad", "Failed") { $0.status?.phase == "Failed" }
            #expect(bad.status?.containerStatuses?.first?.state?.terminated?.exitCode == 1)
            #expect(bad.status?.containerStatuses?.first?.restartCount == 0)
        }
    }

    @Test func readinessFollowsTheRuntime() async throws {
        let toggles = AsyncStream<Bool>.makeStream()
        let runtime = ClosureRuntime(prefix: "toggle") { _, _, context in
            context.setReady(false)
            for await ready in toggles.stream { context.setReady(ready) }
        }
        try await NodeTestCluster.with(runtimes: [runtime]) { cluster in
            try await cluster.createPod("toggle", containers: [["name": "main", "image": "toggle:1"]])
            let running = try await waitFor(cluster.pods(), "toggle", "running, not ready") {
                $0.status?.containerStatuses?.first?.state?.running != nil && $0.readyStatus == "False"
            }
            #expect(running.condition("ContainersReady")?.reason == "ContainersNotReady")
            toggles.continuation.yield(true)
            _ = try await waitFor(cluster.pods(), "toggle", "Ready") { $0.readyStatus == "True" }
            toggles.continuation.yield(false)
            let unready = try await waitFor(cluster.pods(), "toggle", "not Ready again") { $0.readyStatus == "False" }
            #expect(unready.condition("Ready")?.message == "containers with unready status: [main]")
            toggles.continuation.finish()
        }
    }

    @Test func tcpReadinessProbePassesOncePortIsReported() async throws {
        let report = AsyncStream<Void>.makeStream()
        let runtime = ClosureRuntime(prefix: "server") { _, _, context in
            for await _ in report.stream { context.listening(9092, 19092) }
        }
        try await NodeTestCluster.with(runtimes: [runtime]) { cluster in
            let probe: JSONValue = ["tcpSocket": ["port": 9092], "periodSeconds": 1]
            try await cluster.createPod("server", containers: [["name": "main", "image": "server:1", "readinessProbe": probe,
                                                                 "ports": [["containerPort": 9092, "name": "kafka"]]]])
            _ = try await waitFor(cluster.pods(), "server", "running, probe failing") {
                $0.status?.containerStatuses?.first?.state?.running != nil && $0.readyStatus == "False"
            }
            report.continuation.yield()
            _ = try await waitFor(cluster.pods(), "server", "Ready after the port is reported") { $0.readyStatus == "True" }
            report.continuation.finish()
        }
    }

    @Test func environmentAndFilesAreResolved() async throws {
        let seen = Mutex<SimulatedContainerContext?>(nil)
        let started = AsyncStream<Void>.makeStream()
        let runtime = ClosureRuntime(prefix: "env") { _, _, context in
            seen.withLock { $0 = context }
            started.continuation.yield()
            await sleepUntilCancelled()
        }
        try await NodeTestCluster.with(runtimes: [runtime]) { cluster in
            let configMaps = cluster.client.dynamic(.init(group: "", version: "v1", resource: "configmaps"), scope: .namespaced, namespace: "default")
            _ = try await configMaps.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "settings"],
                                             "data": ["mode": "fast", "server.properties": "a=1"]])
            let secrets = cluster.client.dynamic(.init(group: "", version: "v1", resource: "secrets"), scope: .namespaced, namespace: "default")
            _ = try await secrets.create(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "creds"], "stringData": ["password": "s3cret"]])
            let container: JSONValue = [
                "name": "main", "image": "env:1",
                "env": [
                    ["name": "MODE", "valueFrom": ["configMapKeyRef": ["name": "settings", "key": "mode"]]],
                    ["name": "PASSWORD", "valueFrom": ["secretKeyRef": ["name": "creds", "key": "password"]]],
                    ["name": "POD_NAME", "valueFrom": ["fieldRef": ["fieldPath": "metadata.name"]]],
                    ["name": "ZONE", "valueFrom": ["fieldRef": ["fieldPath": "metadata.labels['topology.kubernetes.io/zone']"]]],
                    ["name": "GREETING", "value": "hello $(POD_NAME)"],
                ],
                "volumeMounts": [["name": "config", "mountPath": "/etc/kafka"], ["name": "secret", "mountPath": "/etc/creds"]],
            ]
            try await cluster.createPod("env", containers: [container], extraSpec: ["volumes": [
                ["name": "config", "configMap": ["name": "settings"]], ["name": "secret", "secret": ["secretName": "creds"]],
            ]])
            for await _ in started.stream { break }
            let context = try #require(seen.withLock { $0 })
            #expect(context.environment["MODE"] == "fast")
            #expect(context.environment["PASSWORD"] == "s3cret")
            #expect(context.environment["POD_NAME"] == "env")
            #expect(["zone-a", "zone-b", "zone-c"].contains(context.environment["ZONE"] ?? ""))
            #expect(context.environment["GREETING"] == "hello env")
            #expect(context.files["/etc/kafka/server.properties"] == "a=1")
            #expect(context.files["/etc/creds/password"] == "s3cret")
        }
    }

    @Test func missingConfigMapIsCreateContainerConfigErrorUntilCreated() async throws {
        try await NodeTestCluster.with { cluster in
            let container: JSONValue = ["name": "main", "image": "busybox:1.36",
                                        "env": [["name": "X", "valueFrom": ["configMapKeyRef": ["name": "later", "key": "x"]]]]]
            try await cluster.createPod("waits", containers: [container])
            let waiting = try await waitFor(cluster.pods(), "waits", "config error") {
                $0.status?.containerStatuses?.first?.state?.waiting?.reason == "CreateContainerConfigError"
            }
            #expect(waiting.status?.containerStatuses?.first?.state?.waiting?.message == "configmap \"later\" not found")
            #expect(waiting.status?.phase == "Pending")
            let configMaps = cluster.client.dynamic(.init(group: "", version: "v1", resource: "configmaps"), scope: .namespaced, namespace: "default")
            _ = try await configMaps.create(["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "later"], "data": ["x": "1"]])
            _ = try await waitFor(cluster.pods(), "waits", "Ready once the ConfigMap exists") { $0.readyStatus == "True" }
        }
    }

    @Test func topologySpreadPutsPodsInDistinctZones() async throws {
        // Two nodes in zone-a: least-loaded placement alone would put two of the three Pods there.
        let nodes = SimulatedNodeSpec.zonal(count: 4, zones: ["zone-a", "zone-a", "zone-b", "zone-c"])
        try await NodeTestCluster.with(nodes: nodes) { cluster in
            let spread: JSONValue = [["maxSkew": 1, "topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule",
                                      "labelSelector": ["matchLabels": ["app": "kafka"]]]]
            var zones: [String] = []
            for index in 0..<3 {
                try await cluster.createPod("kafka-\(index)", labels: ["app": "kafka"], extraSpec: ["topologySpreadConstraints": spread])
                let pod = try await waitFor(cluster.pods(), "kafka-\(index)", "scheduled") { !($0.spec?.nodeName ?? "").isEmpty }
                zones.append(pod.metadata.labels?["topology.kubernetes.io/zone"] ?? "")
            }
            #expect(zones.sorted() == ["zone-a", "zone-b", "zone-c"])
        }
    }

    @Test func failingLivenessProbeRestartsTheContainer() async throws {
        // Does not report its port on the first run (the liveness probe fails and kills it); does on the next.
        let runs = Mutex(0)
        let runtime = ClosureRuntime(prefix: "flaky") { _, _, context in
            let run = runs.withLock { count -> Int in
                count += 1
                return count
            }
            if run > 1 { context.listening(8080, 18080) }
            await sleepUntilCancelled()
        }
        try await NodeTestCluster.with(runtimes: [runtime]) { cluster in
            let liveness: JSONValue = ["tcpSocket": ["port": 8080], "periodSeconds": 1, "failureThreshold": 2]
            try await cluster.createPod("flaky", containers: [["name": "main", "image": "flaky:1", "livenessProbe": liveness]])
            let restarted = try await waitFor(cluster.pods(), "flaky", "killed by its liveness probe, then running") {
                $0.status?.containerStatuses?.first?.lastState?.terminated?.message == "Liveness probe failed"
                    && $0.status?.containerStatuses?.first?.state?.running != nil
            }
            let status = try #require(restarted.status?.containerStatuses?.first)
            #expect(status.lastState?.terminated?.exitCode == 137)
            #expect(status.restartCount >= 1)
            #expect(runs.withLock { $0 } >= 2)
        }
    }

    @Test func initContainersRunFirst() async throws {
        let runtime = ClosureRuntime(prefix: "migrate") { container, _, _ in
            if container.name == "broken" { throw CrashError() }
        }
        try await NodeTestCluster.with(runtimes: [runtime]) { cluster in
            try await cluster.createPod("with-init", extraSpec: ["initContainers": [["name": "setup", "image": "migrate:1"]]])
            let ready = try await waitFor(cluster.pods(), "with-init", "Ready") { $0.readyStatus == "True" }
            #expect(ready.status?.initContainerStatuses?.first?.state?.terminated?.reason == "Completed")
            #expect(ready.condition("Initialized")?.status == "True")

            try await cluster.createPod("init-fails", extraSpec: ["initContainers": [["name": "broken", "image": "migrate:1"]], "restartPolicy": "Never"])
            let failed = try await waitFor(cluster.pods(), "init-fails", "Failed") { $0.status?.phase == "Failed" }
            #expect(failed.condition("Initialized")?.status == "False")
            #expect(failed.condition("Initialized")?.message == "containers with incomplete status: [broken]")
            #expect(failed.status?.containerStatuses?.first?.state?.running == nil)
        }
    }
}
