import KafkaAdmin
import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesModels

/// Makes the world match a `KafkaCluster` and its `KafkaNodePool`s: creates the cluster-wide objects,
/// then the controller nodes, then (once the controller Pods are Ready and, when Kafka can be asked, the
/// quorum has a leader) the broker nodes; watches Kafka until every broker is registered; and reports
/// each step in `status`.
///
/// Level-based and idempotent: it reads everything from the caches, applies with server-side apply (one
/// field manager, `force`), skips objects whose cached copy already matches, and writes status only when
/// it changed. A converged cluster's reconcile sends no write.
public struct KafkaClusterReconciler: Reconciler {
    public typealias Object = KafkaCluster

    let client: KubeClient
    let configuration: CapstanOperatorConfiguration
    let observer: any KafkaClusterObserver
    /// The namespace scope of the caches this reconciler reads (nil: all namespaces).
    let cacheNamespace: String?
    /// Which objects are known to be applied already, so converged reconciles skip comparing them.
    let memo = AppliedObjectMemo()

    public init(
        client: KubeClient, configuration: CapstanOperatorConfiguration, observer: any KafkaClusterObserver,
        cacheNamespace: String? = nil
    ) {
        self.client = client
        self.configuration = configuration
        self.observer = observer
        self.cacheNamespace = cacheNamespace
    }

    func applier(for cluster: ObjectKey) -> ServerSideApplier {
        ServerSideApplier(client: client, fieldManager: configuration.fieldManager, cluster: cluster, memo: memo)
    }

    public func reconcile(_ request: ReconcileRequest, context: ReconcileContext<KafkaCluster>) async throws -> ReconcileAction {
        guard var cluster = context.object(for: request), !cluster.metadata.isBeingDeleted else {
            // Owned objects go with the cluster (garbage collector); claims with the default `keep` policy
            // have no owner and stay. Only the Kafka connections (and what we remember) are ours to drop.
            await observer.forget(cluster: request)
            memo.forget(cluster: request)
            return .done
        }
        let namespace = cluster.metadata.namespace ?? request.namespace ?? "default"
        let name = cluster.metadata.name ?? request.name
        let naming = KafkaClusterNaming(cluster: name, namespace: namespace)
        let generation = cluster.metadata.generation
        let now = Time.now(context.clock)
        let allPools = context.caches.store(for: KafkaNodePool.self, namespace: cacheNamespace)?.list(namespace: namespace) ?? []
        let pools = KafkaClusterTopology.pools(of: cluster, in: allPools)
        var status = cluster.status ?? KafkaClusterStatus()

        if let paused = ([cluster.isPaused ? cluster.displayName : nil] + pools.map { $0.isPaused ? $0.displayName : nil }).compactMap({ $0 }).first {
            var conditions = status.conditions ?? []
            conditions.set(
                CapstanCondition.reconciling, status: .false, reason: "Paused",
                message: "\(paused) has the annotation \(CapstanAnnotation.paused)=true: every object is left as it is until the annotation is removed",
                observedGeneration: generation, now: now)
            status.conditions = conditions
            try await writeStatus(status, of: cluster)
            return .done
        }

        let observed = ObservedClusterObjects(cluster: name, namespace: namespace, caches: context.caches, cacheNamespace: cacheNamespace)
        let guarded = UnsafeChangeGuard(pools: pools, observed: observed, naming: naming)
        let topology: KafkaClusterTopology
        do {
            topology = try KafkaClusterTopology(
                cluster: cluster, pools: guarded.effectivePools, registeredNodeIds: observed.nodeIdsHoldingData)
        } catch {
            status.observedGeneration = generation
            if let missing = Self.missingPoolRoles(pools: pools, issues: error.issues) {
                // Usual for a moment: `kubectl apply` creates the cluster before the pools of the same file.
                let message = "no KafkaNodePool with the \(missing) role in spec.roles names this cluster yet: create pools with spec.cluster: \(name) whose spec.roles include \(missing) (see examples/quickstart.yaml)"
                var conditions = status.conditions ?? []
                conditions.set(CapstanCondition.ready, status: .false, reason: "WaitingForNodePools", message: message, observedGeneration: generation, now: now)
                conditions.set(CapstanCondition.reconciling, status: .true, reason: "WaitingForNodePools", message: message, observedGeneration: generation, now: now)
                status.conditions = conditions
                try await writeStatus(status, of: cluster)
                return .awaitChange
            }
            status.conditions = Self.invalidSpecConditions(
                status.conditions ?? [], issues: error.issues + guarded.refusals, generation: generation, now: now)
            try await writeStatus(status, of: cluster)
            // Only a spec change can help; the error is in the status for the user.
            return .awaitChange
        }
        var conditions = status.conditions ?? []
        conditions.set((guarded.refusals + topology.warnings).warningCondition(observedGeneration: generation, now: now))

        // The cluster id is generated once and stored before any Pod exists, so every node formats its
        // storage with the same id, and a lost status can never lead to a second id.
        if status.clusterId == nil {
            var generator = SystemRandomNumberGenerator()
            status.clusterId = KafkaClusterId.generate(using: &generator)
            conditions.set(
                CapstanCondition.reconciling, status: .true, reason: "ClusterIdGenerated",
                message: "generated the KRaft cluster id \(status.clusterId ?? ""); creating the controllers next",
                observedGeneration: generation, now: now)
            status.conditions = conditions
            cluster = try await writeStatus(status, of: cluster)
            await context.events.record(
                .normal, reason: "ClusterIdGenerated", action: "Reconcile",
                note: "KRaft cluster id \(status.clusterId ?? "")", regarding: cluster)
        }
        let clusterId = status.clusterId ?? ""

        // Node ids are persisted in each pool's status before their Pods are created, so they stay stable.
        try await writePoolStatuses(topology: topology, pools: pools, effectivePools: guarded.effectivePools, observed: observed, naming: naming, now: now)

        let desired = KafkaClusterDesiredState(topology: topology, context: KafkaClusterBuildContext(clusterId: clusterId))
        try await applyClusterObjects(desired, observed: observed, applier: applier(for: request))

        let controllerNodes = desired.nodes.filter(\.node.isController)
        let brokerOnlyNodes = desired.nodes.filter { !$0.node.isController }
        var created: [KafkaNode] = []
        var restartPending: [Int32] = []
        for node in controllerNodes {
            let outcome = try await applyNode(node, observed: observed, applier: applier(for: request))
            if outcome.createdPod { created.append(node.node) }
            if outcome.restartPending { restartPending.append(node.node.id) }
        }
        let controllerPodNames = controllerNodes.map { $0.pod.metadata.name ?? "" }
        let controllersNotReady = notReadyPods(controllerPodNames, in: observed.pods)

        var observation: KafkaClusterObservation?
        var kafkaError: String?
        let bootstrap = Self.bootstrapAddress(topology: topology, naming: naming)
        let brokerPodNames = desired.nodes.filter(\.node.isBroker).map { $0.pod.metadata.name ?? "" }
        let anyBrokerReady = brokerPodNames.contains { observed.pods[$0]?.isReady ?? false }
        if anyBrokerReady {
            do {
                observation = try await observer.observe(cluster: request, bootstrap: bootstrap)
            } catch {
                kafkaError = "\(error)"
            }
        }

        // Brokers only once the controllers run, and not while Kafka answers without a quorum leader.
        let quorumLeaderless = observation.map { $0.quorumLeader == nil } ?? false
        if controllersNotReady.isEmpty && !quorumLeaderless {
            for node in brokerOnlyNodes {
                let outcome = try await applyNode(node, observed: observed, applier: applier(for: request))
                if outcome.createdPod { created.append(node.node) }
                if outcome.restartPending { restartPending.append(node.node.id) }
            }
        }
        for node in created {
            await context.events.record(
                .normal, reason: "NodeCreated", action: "Create",
                note: "created node \(node.id) (\(node.roleName), pool \(node.poolName))", regarding: cluster)
        }

        let progress = Self.progress(
            topology: topology, controllerPodNames: controllerPodNames, brokerPodNames: brokerPodNames,
            observed: observed, observation: observation, kafkaError: kafkaError, bootstrap: bootstrap.description)
        let wasWorking = conditions.isTrue(CapstanCondition.ready, atGeneration: nil) || conditions.isTrue(CapstanCondition.degraded, atGeneration: nil)
        let quorumWasFormed = (status.controllers ?? 0) > 0
        conditions = Self.progressConditions(
            conditions, progress: progress, wasWorking: wasWorking, restartPending: restartPending, generation: generation, now: now)
        status.conditions = conditions
        status.observedGeneration = generation
        status.kafkaVersion = topology.spec.effectiveVersion
        status.metadataVersion = topology.spec.metadataVersion ?? Self.releaseVersion(of: topology.spec.effectiveVersion)
        status.listeners = desired.listeners
        status.nodes = Self.nodeStatuses(topology: topology, naming: naming, observed: observed, observation: observation)
        if let observation {
            status.readyBrokers = Int32(topology.brokers.filter { observation.registeredBrokers.contains($0.id) }.count)
            status.controllers = Int32(topology.controllers.filter { observation.voters.contains($0.id) }.count)
        }
        let becameReady = progress.isReady && !(cluster.status?.conditions?.isTrue(CapstanCondition.ready, atGeneration: nil) ?? false)
        try await writeStatus(status, of: cluster)
        if !quorumWasFormed, (status.controllers ?? 0) > 0, let leader = observation?.quorumLeader {
            await context.events.record(
                .normal, reason: "QuorumFormed", action: "Reconcile",
                note: "the KRaft quorum has \(status.controllers ?? 0) voters; the leader is node \(leader)", regarding: cluster)
        }
        if becameReady {
            await context.events.record(.normal, reason: "Ready", action: "Reconcile", note: progress.message, regarding: cluster)
        }

        if progress.isReady { return .requeue(after: configuration.readyResyncInterval) }
        if progress.waitsOnKafka { return .requeue(after: configuration.kafkaPollInterval) }
        // Waiting for Pods: their changes wake the controller (it owns them).
        return .awaitChange
    }

    /// Writes `status` through `/status` unless it is what the object already says; returns the object
    /// as the server has it.
    @discardableResult
    func writeStatus(_ status: KafkaClusterStatus, of cluster: KafkaCluster) async throws -> KafkaCluster {
        guard status != cluster.status else { return cluster }
        let patch = KafkaCluster(
            metadata: ObjectMeta(name: cluster.metadata.name, namespace: cluster.metadata.namespace), spec: nil, status: status)
        return try await client.api(KafkaCluster.self, namespace: cluster.metadata.namespace)
            .applyStatus(patch, fieldManager: configuration.fieldManager, force: true)
    }

    /// The operator's bootstrap address: the bootstrap Service's DNS name on the first internal listener
    /// (plain ones preferred: the operator's admin client does not present client credentials yet).
    static func bootstrapAddress(topology: KafkaClusterTopology, naming: KafkaClusterNaming) -> KafkaBrokerAddress {
        let internalListeners = topology.spec.effectiveListeners.filter { !$0.type.isExternal }
        let listener = internalListeners.first { !($0.tls ?? false) && $0.authenticationType == .none } ?? internalListeners.first
        return KafkaBrokerAddress(host: naming.serviceHost(naming.bootstrapService), port: Int(listener?.port ?? 9092))
    }

    /// `controller`, `broker` or `controller and broker` when the only errors are the cross-object ones
    /// about pools that do not exist yet (they carry no pool name); nil when something else is wrong.
    static func missingPoolRoles(pools: [KafkaNodePool], issues: [ValidationIssue]) -> String? {
        let missing = [
            pools.contains { $0.spec?.isController ?? false } ? nil : "controller",
            pools.contains { $0.spec?.isBroker ?? false } ? nil : "broker",
        ].compactMap { $0 }
        guard !missing.isEmpty, issues.errors.allSatisfy({ $0.object == KafkaNodePool.kind }) else { return nil }
        return missing.joined(separator: " and ")
    }

    /// `4.1.0` -> `4.1`: the release whose latest metadata.version Kafka formats with by default.
    static func releaseVersion(of version: String) -> String {
        version.split(separator: ".").prefix(2).joined(separator: ".")
    }
}
