import KubernetesCore
import KubernetesModels
import Synchronization

/// The kubelets of every simulated node: one `PodWorker` per Pod bound to a simulated node, started when
/// the Pod appears, told of its updates and removal, and given a Pod IP from its node's CIDR
/// (10.244.<node index>.0/24).
final class Kubelet: Sendable {
    let simulation: NodeSimulation
    let wakeup = Wakeup()

    private struct Registry {
        var workers: [String: PodWorker] = [:]
        /// Pods whose worker has finished; not restarted while the API still shows them.
        var finished: Set<String> = []
        /// Host numbers in use per node index.
        var addresses: [Int: Set<Int>] = [:]
    }

    private let registry = Mutex(Registry())

    init(simulation: NodeSimulation) {
        self.simulation = simulation
    }

    func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.followNodeRecoveries() }
            while !Task.isCancelled {
                let handled = wakeup.current
                for start in sync() {
                    group.addTask {
                        await start.worker.run()
                        self.finished(start.worker.uid, nodeIndex: start.nodeIndex, host: start.host)
                    }
                }
                await wakeup.wait(after: handled)
            }
        }
    }

    private struct Start: Sendable {
        var worker: PodWorker
        var nodeIndex: Int
        var host: Int
    }

    /// Matches workers to the Pods bound to simulated nodes; returns the workers to start.
    private func sync() -> [Start] {
        let pods = simulation.caches.pods.store.list()
        return registry.withLock { registry in
            var starts: [Start] = []
            var present: Set<String> = []
            for pod in pods {
                guard let uid = pod.metadata.uid, let node = pod.spec?.nodeName, let nodeIndex = simulation.nodeIndex(node) else { continue }
                present.insert(uid)
                if let worker = registry.workers[uid] {
                    worker.podChanged(pod)
                    worker.cachesChanged()
                    continue
                }
                if registry.finished.contains(uid) { continue }
                // A Pod that ended before this kubelet started has nothing left to run.
                if pod.isTerminal && pod.metadata.deletionTimestamp == nil { continue }
                var used = registry.addresses[nodeIndex] ?? []
                guard let host = (2...254).first(where: { !used.contains($0) }) else {
                    simulation.logger.warning("no free Pod IP on node", metadata: ["node": "\(node)"])
                    continue
                }
                used.insert(host)
                registry.addresses[nodeIndex] = used
                let worker = PodWorker(pod: pod, nodeName: node, podIP: "10.244.\(nodeIndex).\(host)",
                                       hostIP: NodeSimulation.hostIP(nodeIndex: nodeIndex), simulation: simulation)
                registry.workers[uid] = worker
                starts.append(Start(worker: worker, nodeIndex: nodeIndex, host: host))
            }
            for (uid, worker) in registry.workers where !present.contains(uid) { worker.podRemoved() }
            registry.finished.formIntersection(present)
            return starts
        }
    }

    private func finished(_ uid: String, nodeIndex: Int, host: Int) {
        registry.withLock { registry in
            registry.workers[uid] = nil
            registry.finished.insert(uid)
            registry.addresses[nodeIndex]?.remove(host)
        }
        wakeup.signal()
    }

    /// When a failed node recovers, its workers write their Pods' status again.
    private func followNodeRecoveries() async {
        var failed = simulation.failures.value
        while !Task.isCancelled {
            let seen = failed
            await simulation.failures.wait { $0 != seen }
            failed = simulation.failures.value
            let recovered = seen.subtracting(failed)
            let workers = registry.withLock { Array($0.workers.values) }
            for worker in workers where recovered.contains(worker.nodeName) { worker.nodeRecovered() }
        }
    }
}
