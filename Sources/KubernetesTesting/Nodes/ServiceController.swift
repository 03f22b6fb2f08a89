import KubernetesClient
import KubernetesCore
import KubernetesModels

/// The cloud side of Services: a LoadBalancer Service gets `status.loadBalancer.ingress` 127.0.0.1 (its
/// node ports are reachable there). Cluster IPs and node ports are allocated by the API server itself.
struct ServiceController: Sendable {
    let simulation: NodeSimulation
    let wakeup = Wakeup()

    func run() async {
        await wakeup.loop { await reconcile() }
    }

    private func reconcile() async {
        for service in simulation.caches.services.store.list() where service.spec?.type == "LoadBalancer" {
            guard !(service.status?.loadBalancer?.ingress ?? []).contains(where: { $0.ip == "127.0.0.1" }) else { continue }
            do {
                try await simulation.mergePatch("services", namespace: service.metadata.namespace, name: service.metadata.name ?? "",
                                                ["status": ["loadBalancer": ["ingress": [["ip": "127.0.0.1", "ipMode": "VIP"]]]]])
            } catch {
                simulation.logger.debug("load balancer status failed", metadata: ["service": "\(service.metadata.key)", "error": "\(error)"])
            }
        }
    }
}
