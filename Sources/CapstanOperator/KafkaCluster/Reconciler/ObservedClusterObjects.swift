import KubernetesController
import KubernetesCore
import KubernetesModels

/// The objects of one cluster as the caches hold them: what exists, read once per reconcile.
struct ObservedClusterObjects: Sendable {
    var pods: [String: CoreV1.Pod] = [:]
    var claims: [String: CoreV1.PersistentVolumeClaim] = [:]
    var configMaps: [String: CoreV1.ConfigMap] = [:]
    var services: [String: CoreV1.Service] = [:]
    var serviceAccounts: [String: CoreV1.ServiceAccount] = [:]
    var podDisruptionBudgets: [String: PolicyV1.PodDisruptionBudget] = [:]
    var networkPolicies: [String: NetworkingV1.NetworkPolicy] = [:]

    /// Nothing observed (a cluster with no objects yet).
    init() {}

    /// Reads every object of `cluster` (by its cluster label) in `namespace` from the caches.
    init(cluster: String, namespace: String, caches: CacheRegistry, cacheNamespace: String?) {
        func load<R: Resource>(_ type: R.Type) -> [String: R] {
            let objects = caches.store(for: R.self, namespace: cacheNamespace)?.list(namespace: namespace) ?? []
            var byName: [String: R] = [:]
            for object in objects where object.metadata.labels?[CapstanLabel.cluster] == cluster {
                if let name = object.metadata.name { byName[name] = object }
            }
            return byName
        }
        pods = load(CoreV1.Pod.self)
        claims = load(CoreV1.PersistentVolumeClaim.self)
        configMaps = load(CoreV1.ConfigMap.self)
        services = load(CoreV1.Service.self)
        serviceAccounts = load(CoreV1.ServiceAccount.self)
        podDisruptionBudgets = load(PolicyV1.PodDisruptionBudget.self)
        networkPolicies = load(NetworkingV1.NetworkPolicy.self)
    }

    /// Node ids of `pool` that exist as a Pod or hold data in a claim.
    func existingNodeIds(pool: String) -> Set<Int32> {
        var ids = Set<Int32>()
        for labels in pods.values.map(\.metadata.labels) + claims.values.map(\.metadata.labels) {
            guard let labels, labels[CapstanLabel.pool] == pool, let id = labels[CapstanLabel.nodeId].flatMap({ Int32($0) }) else { continue }
            ids.insert(id)
        }
        return ids
    }

    /// Ids of every node that holds data (has a claim), whatever its pool: never given to a new node.
    var nodeIdsHoldingData: Set<Int32> {
        Set(claims.values.compactMap { $0.metadata.labels?[CapstanLabel.nodeId].flatMap { Int32($0) } })
    }

    /// The roles the existing nodes of `pool` run with (from their Pods' or claims' role label), or nil
    /// when the pool has no node yet.
    func observedRoles(pool: String) -> [NodeRole]? {
        let labels = pods.values.map(\.metadata.labels) + claims.values.map(\.metadata.labels)
        guard let role = labels.lazy.compactMap({ $0 }).first(where: { $0[CapstanLabel.pool] == pool })?[CapstanLabel.role] else {
            return nil
        }
        switch role {
        case "combined": return [.broker, .controller]
        case "controller": return [.controller]
        case "broker": return [.broker]
        default: return nil
        }
    }

    /// The size of volume `volume` of node `podName`'s claim, if the claim exists.
    func claimSize(volume: Int32, podName: String, naming: KafkaClusterNaming) -> Quantity? {
        claims[naming.claimName(volume: volume, podName: podName)]?.spec?.resources?.requests?["storage"]
    }
}

extension CoreV1.Pod {
    /// The Pod's Ready condition is True.
    var isReady: Bool {
        status?.conditions?.contains { $0.type == "Ready" && $0.status == "True" } ?? false
    }

    /// Why the Pod is not ready, for status messages: a container's waiting reason (ContainerCreating,
    /// CrashLoopBackOff), else the phase.
    var notReadyReason: String {
        if metadata.isBeingDeleted { return "Terminating" }
        if let waiting = status?.containerStatuses?.lazy.compactMap({ $0.state?.waiting?.reason }).first { return waiting }
        return status?.phase ?? "Pending"
    }
}
