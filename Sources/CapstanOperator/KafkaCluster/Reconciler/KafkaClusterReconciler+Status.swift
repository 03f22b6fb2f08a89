import KubernetesController
import KubernetesCore
import KubernetesModels

extension KafkaClusterReconciler {
    /// The first thing the cluster waits for, in creation order.
    static func progress(
        topology: KafkaClusterTopology, controllerPodNames: [String], brokerPodNames: [String], observed: ObservedClusterObjects,
        observation: KafkaClusterObservation?, kafkaError: String?, bootstrap: String
    ) -> ClusterProgress {
        let controllersNotReady = notReadyPods(controllerPodNames, in: observed.pods)
        if !controllersNotReady.isEmpty {
            return .waitingForControllerPods(notReady: controllersNotReady, total: controllerPodNames.count)
        }
        let brokersNotReady = notReadyPods(brokerPodNames, in: observed.pods)
        if !brokersNotReady.isEmpty {
            return .waitingForBrokerPods(notReady: brokersNotReady, total: brokerPodNames.count)
        }
        guard let observation else {
            return .waitingForKafka(bootstrap: bootstrap, error: kafkaError ?? "no broker Pod is Ready yet")
        }
        guard let leader = observation.quorumLeader else {
            return .waitingForQuorum(controllers: topology.controllers.map(\.id))
        }
        let unregistered = topology.brokers.map(\.id).filter { !observation.registeredBrokers.contains($0) }
        if !unregistered.isEmpty { return .waitingForBrokerRegistration(unregistered) }
        return .ready(controllers: topology.controllers.count, brokers: topology.brokers.count, leader: leader)
    }

    /// Ready, Reconciling and Degraded from the progress. Degraded means something that worked does not:
    /// it is only True once the cluster has been Ready (or already Degraded).
    static func progressConditions(
        _ current: [Condition], progress: ClusterProgress, wasWorking: Bool, restartPending: [Int32], generation: Int64?, now: Time
    ) -> [Condition] {
        var conditions = current
        if progress.isReady {
            conditions.set(CapstanCondition.ready, status: .true, reason: progress.reason, message: progress.message, observedGeneration: generation, now: now)
            if restartPending.isEmpty {
                conditions.set(
                    CapstanCondition.reconciling, status: .false, reason: "ReconcileComplete",
                    message: "every object matches the spec", observedGeneration: generation, now: now)
            } else {
                conditions.set(
                    CapstanCondition.reconciling, status: .true, reason: "RestartPending",
                    message: "nodes \(restartPending.map(String.init).joined(separator: ", ")) run an older configuration and need a restart to pick up the change (rolling restarts come with the day-2 operations; deleting a node's Pod restarts it now)",
                    observedGeneration: generation, now: now)
            }
            conditions.set(
                CapstanCondition.degraded, status: .false, reason: "AllNodesServing",
                message: "every node is running and registered", observedGeneration: generation, now: now)
            return conditions
        }
        conditions.set(CapstanCondition.ready, status: .false, reason: progress.reason, message: progress.message, observedGeneration: generation, now: now)
        conditions.set(CapstanCondition.reconciling, status: .true, reason: progress.reason, message: progress.message, observedGeneration: generation, now: now)
        if wasWorking {
            conditions.set(CapstanCondition.degraded, status: .true, reason: progress.reason, message: progress.message, observedGeneration: generation, now: now)
        } else {
            conditions.set(
                CapstanCondition.degraded, status: .false, reason: "Creating",
                message: "the cluster is being created; nothing that worked has failed", observedGeneration: generation, now: now)
        }
        return conditions
    }

    /// The spec cannot be acted on: Ready=False with every issue, nothing created or changed.
    static func invalidSpecConditions(_ current: [Condition], issues: [ValidationIssue], generation: Int64?, now: Time) -> [Condition] {
        var conditions = current
        let message = "the spec is invalid, so nothing was created or changed: " + issues.errors.map(\.description).joined(separator: "; ")
        conditions.set(CapstanCondition.ready, status: .false, reason: "InvalidSpec", message: message, observedGeneration: generation, now: now)
        conditions.set(CapstanCondition.reconciling, status: .false, reason: "InvalidSpec", message: message, observedGeneration: generation, now: now)
        conditions.set(issues.warningCondition(observedGeneration: generation, now: now))
        return conditions
    }

    /// Every node as seen in its Pod and by Kafka.
    static func nodeStatuses(
        topology: KafkaClusterTopology, naming: KafkaClusterNaming, observed: ObservedClusterObjects, observation: KafkaClusterObservation?
    ) -> [NodeStatus] {
        topology.nodes.map { node in
            let pod = observed.pods[naming.podName(pool: node.poolName, nodeId: node.id)]
            var registered: Bool?
            if let observation {
                let asBroker = !node.isBroker || observation.registeredBrokers.contains(node.id)
                let asController = !node.isController || (observation.quorumLeader != nil && observation.voters.contains(node.id))
                registered = asBroker && asController
            }
            return NodeStatus(
                id: node.id, pool: node.poolName, roles: node.roles, podPhase: pod?.status?.phase ?? (pod == nil ? "NotCreated" : "Pending"),
                registered: registered)
        }
    }

    /// Each pool's status: its node ids (persisted before the Pods are created, so they stay stable),
    /// how many of its Pods exist, and whether they are Ready.
    func writePoolStatuses(
        topology: KafkaClusterTopology, pools: [KafkaNodePool], effectivePools: [KafkaNodePool], observed: ObservedClusterObjects,
        naming: KafkaClusterNaming, now: Time
    ) async throws {
        let api = client.api(KafkaNodePool.self, namespace: naming.namespace)
        // `pools` are the cached pools (what the server holds); the effective copies only add the ids of
        // nodes that exist.
        for pool in pools {
            guard let poolName = pool.metadata.name else { continue }
            let ids = topology.nodes.filter { $0.poolName == poolName }.map(\.id)
            let previous = effectivePools.first { $0.metadata.name == poolName }?.status?.nodeIds ?? []
            // Allocation order: the ids the pool had, then the new ones.
            let ordered = previous.filter(ids.contains) + ids.filter { !previous.contains($0) }
            let podNames = ordered.map { naming.podName(pool: poolName, nodeId: $0) }
            let existing = podNames.filter { observed.pods[$0] != nil }
            let notReady = notReadyPods(podNames, in: observed.pods)
            var status = pool.status ?? KafkaNodePoolStatus()
            status.observedGeneration = pool.metadata.generation
            status.nodeIds = ordered
            status.replicas = Int32(existing.count)
            status.labelSelector = naming.poolSelectorString(pool: poolName)
            var conditions = status.conditions ?? []
            if notReady.isEmpty {
                conditions.set(
                    CapstanCondition.ready, status: .true, reason: "NodesReady", message: "all \(podNames.count) Pods are Ready",
                    observedGeneration: pool.metadata.generation, now: now)
            } else {
                conditions.set(
                    CapstanCondition.ready, status: .false, reason: "WaitingForPods",
                    message: "waiting for \(notReady.count) of \(podNames.count) Pods to be Ready: " + notReady.map { "\($0.0) (\($0.1))" }.joined(separator: ", "),
                    observedGeneration: pool.metadata.generation, now: now)
            }
            status.conditions = conditions
            guard status != pool.status else { continue }
            let patch = KafkaNodePool(metadata: ObjectMeta(name: poolName, namespace: naming.namespace), spec: nil, status: status)
            _ = try await api.applyStatus(patch, fieldManager: configuration.fieldManager, force: true)
        }
    }
}
