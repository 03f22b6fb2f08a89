import KubernetesCore
import KubernetesModels

/// What applying one node did.
struct NodeApplyOutcome: Sendable {
    /// The node's Pod did not exist and was created (with the node's existing claims, if any).
    var createdPod = false
    /// The Pod exists with a different config hash: it needs a restart to pick up the change.
    var restartPending = false
}

extension KafkaClusterReconciler {
    /// The ServiceAccount, Services, PodDisruptionBudget and NetworkPolicy.
    func applyClusterObjects(_ desired: KafkaClusterDesiredState, observed: ObservedClusterObjects, applier: ServerSideApplier) async throws {
        try await applier.apply(desired.serviceAccount, cached: observed.serviceAccounts[desired.serviceAccount.metadata.name ?? ""])
        for service in desired.services {
            try await applier.apply(service, cached: observed.services[service.metadata.name ?? ""])
        }
        try await applier.apply(
            desired.podDisruptionBudget, cached: observed.podDisruptionBudgets[desired.podDisruptionBudget.metadata.name ?? ""])
        try await applier.apply(desired.networkPolicy, cached: observed.networkPolicies[desired.networkPolicy.metadata.name ?? ""])
    }

    /// One node: its ConfigMap, claims and per-node Services are kept as desired; its Pod is created when
    /// missing and otherwise left alone (a Pod's spec cannot change in place, and restarting a node is a
    /// decision that belongs to the rolling-restart logic, not to this reconcile).
    func applyNode(_ node: KafkaNodeObjects, observed: ObservedClusterObjects, applier: ServerSideApplier) async throws -> NodeApplyOutcome {
        try await applier.apply(node.configMap, cached: observed.configMaps[node.configMap.metadata.name ?? ""])
        for claim in node.claims {
            try await applier.apply(claim, cached: observed.claims[claim.metadata.name ?? ""])
        }
        for service in node.services {
            try await applier.apply(service, cached: observed.services[service.metadata.name ?? ""])
        }
        var outcome = NodeApplyOutcome()
        let podName = node.pod.metadata.name ?? ""
        if let existing = observed.pods[podName] {
            let runningHash = existing.metadata.annotations?[CapstanAnnotation.configHash]
            outcome.restartPending = runningHash != node.configHash
        } else {
            // Create, not update: a Pod that is being deleted is still in the cache until it is gone, and
            // then this runs again and recreates it with the same claims (they are named after the node).
            try await applier.apply(node.pod, cached: nil)
            outcome.createdPod = true
        }
        return outcome
    }
}
