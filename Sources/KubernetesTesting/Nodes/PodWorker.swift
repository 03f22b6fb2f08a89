import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesModels

/// The kubelet's worker for one Pod on one node: waits for its volumes and configuration, runs its
/// containers (`PodWorker+Containers.swift`), writes its status through `pods/status` whenever it changes,
/// and on deletion stops the containers, waits up to the grace period, and removes the Pod.
final class PodWorker: Sendable {
    let simulation: NodeSimulation
    let nodeName: String
    let uid: String
    let namespace: String
    let name: String
    let state: WatchedState<PodRuntime>

    /// Resolved environment and files per container, ready to start.
    typealias Prepared = [ContainerID: ContainerEnvironment]

    init(pod: CoreV1.Pod, nodeName: String, podIP: String, hostIP: String, simulation: NodeSimulation) {
        self.simulation = simulation
        self.nodeName = nodeName
        uid = pod.metadata.uid ?? ""
        namespace = pod.metadata.namespace ?? "default"
        name = pod.metadata.name ?? ""
        var runtime = PodRuntime(pod: pod, podIP: podIP, hostIP: hostIP)
        runtime.startTime = pod.status?.startTime ?? simulation.now()
        state = WatchedState(runtime)
    }

    // MARK: Signals from the kubelet

    func podChanged(_ pod: CoreV1.Pod) { state.update { $0.pod = pod } }
    func podRemoved() { state.update { $0.removed = true } }
    func cachesChanged() { state.update { $0.cacheGeneration += 1 } }
    /// The node reports again: write the current status even if nothing changed meanwhile.
    func nodeRecovered() { mutate { _ in } }

    /// Changes the runtime state, refreshes the conditions and bumps the revision (so the status is written).
    func mutate(_ change: (inout PodRuntime) -> Void) {
        let now = simulation.now()
        state.update { runtime in
            change(&runtime)
            runtime.refreshConditions(now: now)
            runtime.revision += 1
        }
    }

    // MARK: Lifecycle

    func run() async {
        mutate { _ in }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.writeStatuses() }
            if let prepared = await prepare() {
                group.addTask { await self.runContainers(prepared) }
                await state.wait { $0.deletionRequested }
            } else {
                // Deleted before anything started: nothing to wait for during the grace period.
                mutate { $0.containersStopped = true }
            }
            // Cancellation here is the simulation shutting down, not a deletion: leave the Pod as it is.
            if !Task.isCancelled { await terminate() }
            group.cancelAll()
        }
        let runtime = state.value
        simulation.network.unregister(namespace: namespace, name: name, ip: runtime.podIP)
    }

    /// Waits until every claim is bound and every referenced ConfigMap and Secret exists, showing why in
    /// the container statuses meanwhile. nil when the Pod is deleted (or the kubelet stops) first.
    private func prepare() async -> Prepared? {
        while !Task.isCancelled {
            let runtime = state.value
            if runtime.deletionRequested { return nil }
            if let problem = volumeProblem(runtime.pod) {
                setAllWaiting(reason: "ContainerCreating", message: problem)
            } else {
                if !runtime.sandboxReady { startSandbox(runtime) }
                do {
                    return try resolve(state.value)
                } catch {
                    setAllWaiting(reason: "CreateContainerConfigError", message: error.message)
                }
            }
            let seen = runtime.cacheGeneration
            await state.wait { $0.cacheGeneration != seen || $0.deletionRequested }
        }
        return nil
    }

    private func volumeProblem(_ pod: CoreV1.Pod) -> String? {
        for volume in pod.spec?.volumes ?? [] {
            guard let claimName = volume.persistentVolumeClaim?.claimName else { continue }
            guard let claim = simulation.caches.claims.store.get(namespace: namespace, name: claimName) else {
                return "persistentvolumeclaim \"\(claimName)\" not found"
            }
            if claim.metadata.deletionTimestamp != nil { return "persistentvolumeclaim \"\(claimName)\" is being deleted" }
            if claim.status?.phase != "Bound" { return "waiting for PersistentVolumeClaim \"\(claimName)\" to be bound" }
        }
        return nil
    }

    private func startSandbox(_ runtime: PodRuntime) {
        let pod = runtime.pod
        var namedPorts: [String: Int32] = [:]
        for container in pod.spec?.containers ?? [] {
            for port in container.ports ?? [] { if let portName = port.name { namedPorts[portName] = port.containerPort } }
        }
        simulation.network.register(SimulatedNetwork.PodRecord(
            namespace: namespace, name: name, ip: runtime.podIP, nodeName: nodeName, hostname: pod.spec?.hostname,
            subdomain: pod.spec?.subdomain, namedPorts: namedPorts))
        mutate { $0.sandboxReady = true }
    }

    private func resolve(_ runtime: PodRuntime) throws(ContainerEnvironment.ConfigError) -> Prepared {
        let caches = simulation.caches
        let sources = ContainerEnvironment.Sources(
            configMap: { caches.configMaps.store.get(namespace: $0, name: $1) },
            secret: { caches.secrets.store.get(namespace: $0, name: $1) })
        var prepared: Prepared = [:]
        for (index, container) in (runtime.pod.spec?.initContainers ?? []).enumerated() {
            prepared[ContainerID(isInit: true, index: index)] = try ContainerEnvironment.resolve(
                container, in: runtime.pod, podIP: runtime.podIP, hostIP: runtime.hostIP, sources: sources)
        }
        for (index, container) in (runtime.pod.spec?.containers ?? []).enumerated() {
            prepared[ContainerID(isInit: false, index: index)] = try ContainerEnvironment.resolve(
                container, in: runtime.pod, podIP: runtime.podIP, hostIP: runtime.hostIP, sources: sources)
        }
        return prepared
    }

    private func setAllWaiting(reason: String, message: String) {
        let current = state.value
        let unchanged = (current.initContainers + current.containers).allSatisfy { container in
            if case .waiting(let oldReason, let oldMessage) = container.state { return oldReason == reason && oldMessage == message }
            return false
        }
        guard !unchanged else { return }
        mutate { runtime in
            for index in runtime.initContainers.indices { runtime.initContainers[index].state = .waiting(reason: reason, message: message) }
            for index in runtime.containers.indices { runtime.containers[index].state = .waiting(reason: reason, message: message) }
        }
    }

    /// Stops the containers (cancellation is SIGTERM), waits for them up to the grace period, writes the
    /// final status and deletes the Pod with a grace period of 0, as the kubelet does.
    private func terminate() async {
        let runtime = state.value
        let grace = runtime.removed ? 0 : max(runtime.pod.metadata.deletionGracePeriodSeconds ?? 0, 0)
        mutate { $0.stopping = true }
        if grace > 0 {
            let clock = simulation.clock
            await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await clock.sleep(for: .seconds(grace)) }
                group.addTask { await self.state.wait { $0.containersStopped } }
                await group.next()
                group.cancelAll()
            }
        }
        mutate { $0.terminated = true }
        let final = state.value
        guard !final.removed else { return }
        do {
            if final.sandboxReady { try await writeStatus(final) }
            let options = DeleteOptions(gracePeriodSeconds: 0, preconditions: .init(uid: uid))
            _ = try await simulation.dynamic("pods", namespace: namespace).delete(name, options: options)
        } catch {
            // Already gone, or replaced by a Pod of the same name (uid precondition): nothing left to do.
            simulation.logger.debug("final pod deletion", metadata: ["pod": "\(namespace)/\(name)", "error": "\(error)"])
        }
    }

    // MARK: Status

    /// Writes each new revision of the status (coalescing bursts), until cancelled or the Pod is gone.
    private func writeStatuses() async {
        var written: UInt64?
        while !Task.isCancelled {
            let runtime = state.value
            if runtime.removed { return }
            if runtime.revision != written {
                if simulation.isFailed(nodeName) {
                    // The node does not report; `nodeRecovered` bumps the revision when it does again.
                    written = runtime.revision
                } else {
                    do {
                        try await writeStatus(runtime)
                        written = runtime.revision
                    } catch let error as KubernetesError where error.isNotFound {
                        podRemoved()
                        return
                    } catch {
                        simulation.logger.debug("pod status write failed", metadata: ["pod": "\(namespace)/\(name)", "error": "\(error)"])
                        do { try await simulation.clock.sleep(for: .milliseconds(200)) } catch { return }
                        continue
                    }
                }
            }
            let handled = written
            await state.wait { $0.revision != handled || $0.removed }
        }
    }

    private func writeStatus(_ runtime: PodRuntime) async throws {
        var status = try JSONValue(encoding: runtime.status())
        if status["podIP"] == nil { status.setValue(.null, at: ["podIP"]) }
        if status["podIPs"] == nil { status.setValue(.null, at: ["podIPs"]) }
        try await simulation.mergePatch("pods", namespace: namespace, name: name, ["status": status])
    }
}
