import Foundation
import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesModels
import Synchronization

/// Binds Pending Pods (`schedulerName` default-scheduler, no `nodeName`) to simulated or registered nodes
/// through the `pods/binding` subresource; Pods that fit nowhere get PodScheduled=False/Unschedulable.
final class Scheduler: Sendable {
    let simulation: NodeSimulation
    let wakeup = Wakeup()
    /// Bindings made but not yet seen in the cache (pod uid -> node), counted as placed meanwhile, as the
    /// real scheduler's "assumed" Pods are.
    private let assumed = Mutex<[String: String]>([:])

    init(simulation: NodeSimulation) {
        self.simulation = simulation
    }

    func run() async {
        await wakeup.loop { await schedulePending() }
    }

    private func schedulePending() async {
        let pods = simulation.caches.pods.store.list()
        let assumedNow = assumed.withLock { assumed in
            let live = Dictionary(pods.compactMap { pod in pod.metadata.uid.map { ($0, pod) } }, uniquingKeysWith: { first, _ in first })
            assumed = assumed.filter { uid, _ in live[uid].map { ($0.spec?.nodeName ?? "").isEmpty } ?? false }
            return assumed
        }
        let pending = pods.filter { pod in
            assumedNow[pod.metadata.uid ?? ""] == nil &&
            (pod.spec?.nodeName ?? "").isEmpty && pod.metadata.deletionTimestamp == nil && !pod.isTerminal
                && (pod.spec?.schedulerName ?? "default-scheduler") == "default-scheduler"
                && (pod.spec?.schedulingGates ?? []).isEmpty
        }.sorted { ($0.metadata.creationTimestamp?.secondsSinceEpoch ?? 0, $0.metadata.key) < ($1.metadata.creationTimestamp?.secondsSinceEpoch ?? 0, $1.metadata.key) }
        guard !pending.isEmpty else { return }
        var placed: [(pod: CoreV1.Pod, node: String)] = pods.compactMap { pod in
            guard let node = pod.spec?.nodeName, !node.isEmpty, !pod.isTerminal else { return nil }
            return (pod, node)
        } + pods.compactMap { pod in assumedNow[pod.metadata.uid ?? ""].map { (pod, $0) } }
        let candidates = simulation.caches.nodes.store.list().map { node in
            SchedulingDecision.Candidate(
                name: node.metadata.name ?? "", labels: node.metadata.labels ?? [:], taints: node.spec?.taints ?? [],
                ready: node.status?.conditions?.contains { $0.type == "Ready" && $0.status == "True" } ?? false,
                unschedulable: node.spec?.unschedulable ?? false)
        }
        for pod in pending {
            if simulation.timings.schedulingDelay > .zero {
                do { try await simulation.clock.sleep(for: simulation.timings.schedulingDelay) } catch { return }
            }
            switch SchedulingDecision.place(pod, candidates: candidates, placedPods: placed) {
            case .node(let node):
                if await bind(pod, to: node) {
                    placed.append((pod, node))
                    assumed.withLock { $0[pod.metadata.uid ?? ""] = node }
                }
            case .unschedulable(let message):
                await markUnschedulable(pod, message: message)
            }
        }
    }

    private func bind(_ pod: CoreV1.Pod, to node: String) async -> Bool {
        let name = pod.metadata.name ?? ""
        let namespace = pod.metadata.namespace ?? "default"
        let binding: JSONValue = [
            "apiVersion": "v1", "kind": "Binding",
            "metadata": ["name": .string(name), "namespace": .string(namespace), "uid": .string(pod.metadata.uid ?? "")],
            "target": ["apiVersion": "v1", "kind": "Node", "name": .string(node)],
        ]
        let requests = RequestBuilder(for: CoreV1.Pod.self)
        do {
            let request = APIRequest(
                method: .post, path: requests.itemPath(name: name, namespace: namespace, subresource: "binding"),
                headers: ["Content-Type": "application/json", "Accept": "application/json"], body: Array(try JSONEncoder().encode(binding)))
            _ = try await simulation.client.send(request)
            return true
        } catch {
            // Already bound, deleted meanwhile, or a transient failure: the next pass sees the current state.
            simulation.logger.debug("binding failed", metadata: ["pod": "\(namespace)/\(name)", "error": "\(error)"])
            return false
        }
    }

    private func markUnschedulable(_ pod: CoreV1.Pod, message: String) async {
        var conditions = pod.status?.conditions ?? []
        if let existing = conditions.first(where: { $0.type == "PodScheduled" }),
           existing.status == "False", existing.reason == "Unschedulable", existing.message == message { return }
        conditions.removeAll { $0.type == "PodScheduled" }
        conditions.append(CoreV1.PodCondition(lastTransitionTime: simulation.now(), message: message, reason: "Unschedulable",
                                              status: "False", type: "PodScheduled"))
        do {
            try await simulation.mergePatch("pods", namespace: pod.metadata.namespace, name: pod.metadata.name ?? "",
                                            ["status": ["conditions": try JSONValue(encoding: conditions)]])
        } catch {
            simulation.logger.debug("unschedulable status failed", metadata: ["pod": "\(pod.metadata.key)", "error": "\(error)"])
        }
    }
}
