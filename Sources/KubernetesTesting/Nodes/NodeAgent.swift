import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesModels

/// The node side of the simulation: registers the Node objects, renews each node's Lease in
/// `kube-node-lease` (the kubelet heartbeat), and plays the node lifecycle controller when a node is
/// failed or recovered (Ready condition, unreachable taints, Pods marked not ready).
struct NodeAgent: Sendable {
    let simulation: NodeSimulation
    static let fieldManager = "kubelet"
    static let unreachableTaints: [JSONValue] = [
        ["key": "node.kubernetes.io/unreachable", "effect": "NoSchedule"],
        ["key": "node.kubernetes.io/unreachable", "effect": "NoExecute"],
    ]

    /// Creates (or re-applies) every Node with a Ready status.
    func register() async throws {
        for (index, node) in simulation.nodes.enumerated() {
            var labels = node.labels
            for (key, value) in ["kubernetes.io/hostname": node.name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"]
            where labels[key] == nil { labels[key] = value }
            let taints: [JSONValue] = try node.taints.map { try JSONValue(encoding: $0) }
            let object: JSONValue = [
                "apiVersion": "v1", "kind": "Node",
                "metadata": ["name": .string(node.name), "labels": .object(labels.mapValues(JSONValue.string))],
                "spec": ["podCIDR": .string("10.244.\(index).0/24"), "podCIDRs": [.string("10.244.\(index).0/24")],
                         "providerID": .string("capstan://\(node.name)"), "taints": .array(taints)],
            ]
            _ = try await simulation.dynamic("nodes").apply(object, fieldManager: Self.fieldManager)
            try await writeStatus(node: node, index: index, ready: true)
        }
    }

    func writeStatus(node: SimulatedNodeSpec, index: Int, ready: Bool) async throws {
        let now = simulation.now().rfc3339
        func condition(_ type: String, _ status: String, _ reason: String, _ message: String) -> JSONValue {
            ["type": .string(type), "status": .string(status), "reason": .string(reason), "message": .string(message),
             "lastHeartbeatTime": .string(now), "lastTransitionTime": .string(now)]
        }
        let conditions: [JSONValue]
        if ready {
            conditions = [
                condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
                condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
            ]
        } else {
            conditions = ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"].map {
                condition($0, "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status.")
            }
        }
        let capacity = JSONValue.object(node.capacity.mapValues(JSONValue.string))
        let status: JSONValue = [
            "capacity": capacity, "allocatable": capacity, "conditions": .array(conditions), "phase": "Running",
            "addresses": [["type": "InternalIP", "address": .string(NodeSimulation.hostIP(nodeIndex: index))],
                          ["type": "Hostname", "address": .string(node.name)]],
            "daemonEndpoints": ["kubeletEndpoint": ["Port": 10250]],
            "nodeInfo": ["machineID": .string(node.name), "systemUUID": .string(node.name), "bootID": .string(node.name),
                         "kernelVersion": "6.1.0-capstan", "osImage": "Capstan simulated node", "containerRuntimeVersion": "capstan://1.0",
                         "kubeletVersion": "v1.36.2", "kubeProxyVersion": "", "operatingSystem": "linux", "architecture": "amd64"],
        ]
        try await simulation.mergePatch("nodes", namespace: nil, name: node.name, ["status": status])
    }

    /// Heartbeats, and the node lifecycle on `fail` / `recover`, until cancelled.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await heartbeat() }
            group.addTask { await followFailures() }
        }
    }

    private func heartbeat() async {
        while !Task.isCancelled {
            for node in simulation.nodes where !simulation.isFailed(node.name) {
                let lease: JSONValue = [
                    "apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
                    "metadata": ["name": .string(node.name), "namespace": "kube-node-lease"],
                    "spec": ["holderIdentity": .string(node.name), "leaseDurationSeconds": 40,
                             "renewTime": .string(simulation.clock.wallTime.rfc3339)],
                ]
                do {
                    _ = try await simulation.dynamic("leases", group: "coordination.k8s.io", namespace: "kube-node-lease")
                        .apply(lease, fieldManager: Self.fieldManager)
                } catch {
                    simulation.logger.debug("node lease renewal failed", metadata: ["node": "\(node.name)", "error": "\(error)"])
                }
            }
            do { try await simulation.clock.sleep(for: simulation.timings.heartbeatInterval) } catch { return }
        }
    }

    /// Applies each change of the failed set: what the node lifecycle controller does when a kubelet stops
    /// posting status (and what the kubelet does when it comes back).
    private func followFailures() async {
        var applied: Set<String> = []
        while !Task.isCancelled {
            let failed = simulation.failures.value
            for (index, node) in simulation.nodes.enumerated() where failed.contains(node.name) != applied.contains(node.name) {
                let failing = failed.contains(node.name)
                do {
                    let taints = try node.taints.map { try JSONValue(encoding: $0) } + (failing ? Self.unreachableTaints : [])
                    try await simulation.mergePatch("nodes", namespace: nil, name: node.name, ["spec": ["taints": .array(taints)]], status: false)
                    try await writeStatus(node: node, index: index, ready: !failing)
                    if failing { try await markPodsNotReady(on: node.name) }
                    if failing { applied.insert(node.name) } else { applied.remove(node.name) }
                } catch {
                    simulation.logger.warning("node lifecycle update failed", metadata: ["node": "\(node.name)", "error": "\(error)"])
                }
            }
            await simulation.failures.wait { $0 != failed }
        }
    }

    private func markPodsNotReady(on node: String) async throws {
        let now = simulation.now()
        for pod in simulation.caches.pods.store.list() where pod.spec?.nodeName == node && !pod.isTerminal {
            guard var conditions = pod.status?.conditions,
                  let index = conditions.firstIndex(where: { $0.type == "Ready" }), conditions[index].status != "False" else { continue }
            conditions[index].status = "False"
            conditions[index].lastTransitionTime = now
            do {
                try await simulation.mergePatch("pods", namespace: pod.metadata.namespace, name: pod.metadata.name ?? "",
                                                ["status": ["conditions": try JSONValue(encoding: conditions)]])
            } catch let error as KubernetesError where error.isNotFound {
                continue
            }
        }
    }
}
