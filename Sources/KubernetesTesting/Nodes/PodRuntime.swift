import KubernetesCore
import KubernetesModels

/// What the simulated kubelet knows about one Pod it runs: the latest Pod from the API, each container's
/// state, and the conditions with their transition times. `status(now:)` renders it as the Pod status a
/// real kubelet writes.
struct PodRuntime: Sendable {
    var pod: CoreV1.Pod
    let podIP: String
    let hostIP: String
    /// Gone from the API (deleted with no grace period left).
    var removed = false
    /// Bumped on every change the status shows; the status writer writes each revision at most once.
    var revision: UInt64 = 0
    /// Bumped whenever the caches change, to re-check volumes, ConfigMaps and Secrets.
    var cacheGeneration: UInt64 = 0
    var startTime: Time?
    /// Set once the sandbox exists (volumes bound, IP assigned).
    var sandboxReady = false
    var initContainers: [ContainerRuntime]
    var containers: [ContainerRuntime]
    /// Containers were told to stop (the Pod is being deleted).
    var stopping = false
    /// Every container task has returned after `stopping`.
    var containersStopped = false
    /// The final status was computed for deletion: the phase is terminal.
    var terminated = false
    var conditions: [String: CoreV1.PodCondition] = [:]

    init(pod: CoreV1.Pod, podIP: String, hostIP: String) {
        self.pod = pod
        self.podIP = podIP
        self.hostIP = hostIP
        initContainers = (pod.spec?.initContainers ?? []).map { ContainerRuntime(name: $0.name, image: $0.image ?? "") }
        containers = (pod.spec?.containers ?? []).map { ContainerRuntime(name: $0.name, image: $0.image ?? "") }
    }

    var deletionRequested: Bool { removed || pod.metadata.deletionTimestamp != nil }

    var restartPolicy: String { pod.spec?.restartPolicy ?? "Always" }

    var initialized: Bool { initContainers.allSatisfy { $0.completedSuccessfully } }

    mutating func withContainer(_ id: ContainerID, _ change: (inout ContainerRuntime) -> Void) {
        if id.isInit { change(&initContainers[id.index]) } else { change(&containers[id.index]) }
    }

    func container(_ id: ContainerID) -> ContainerRuntime { id.isInit ? initContainers[id.index] : containers[id.index] }

    /// Pending until the containers run; Running while any runs or will restart; Succeeded/Failed when
    /// all have ended for good (restartPolicy), or when the Pod was stopped for deletion.
    var phase: String {
        if initContainers.contains(where: { $0.hasFailedForGood(restartPolicy) }) { return "Failed" }
        let exits = containers.map(\.lastExitCode)
        if terminated { return exits.allSatisfy { ($0 ?? 0) == 0 } ? "Succeeded" : "Failed" }
        if !containers.isEmpty, containers.allSatisfy(\.isTerminated) {
            let succeeded = exits.allSatisfy { $0 == 0 }
            if restartPolicy == "Never" { return succeeded ? "Succeeded" : "Failed" }
            if restartPolicy == "OnFailure", succeeded { return "Succeeded" }
        }
        if !sandboxReady || !initialized { return "Pending" }
        return containers.contains(where: { !$0.neverStarted }) ? "Running" : "Pending"
    }

    /// Recomputes the conditions, moving a transition time only when the status flips.
    mutating func refreshConditions(now: Time) {
        let unready = containers.filter { !$0.ready }.map(\.name)
        let incomplete = initContainers.filter { !$0.completedSuccessfully }.map(\.name)
        let terminal = ["Succeeded", "Failed"].contains(phase)
        func set(_ type: String, _ status: Bool, reason: String? = nil, message: String? = nil) {
            let text = status ? "True" : "False"
            let previous = conditions[type]
            let time = previous?.status == text ? previous?.lastTransitionTime : now
            conditions[type] = CoreV1.PodCondition(lastTransitionTime: time, message: status ? nil : message, reason: status ? nil : reason,
                                                   status: text, type: type)
        }
        set("PodReadyToStartContainers", sandboxReady && !terminated)
        set("Initialized", incomplete.isEmpty, reason: "ContainersNotInitialized",
            message: "containers with incomplete status: [\(incomplete.joined(separator: " "))]")
        let reason = terminal ? "PodCompleted" : "ContainersNotReady"
        let message = terminal ? nil : "containers with unready status: [\(unready.joined(separator: " "))]"
        set("ContainersReady", unready.isEmpty && !terminal, reason: reason, message: message)
        set("Ready", unready.isEmpty && !terminal, reason: reason, message: message)
    }

    /// The Pod status as the kubelet reports it through `pods/status`.
    func status() -> CoreV1.PodStatus {
        var status = CoreV1.PodStatus()
        status.phase = phase
        let scheduled = pod.status?.conditions?.first { $0.type == "PodScheduled" }
            ?? CoreV1.PodCondition(lastTransitionTime: startTime, status: "True", type: "PodScheduled")
        status.conditions = ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"].compactMap { conditions[$0] } + [scheduled]
        status.hostIP = hostIP
        status.hostIPs = [CoreV1.HostIP(ip: hostIP)]
        if sandboxReady {
            status.podIP = podIP
            status.podIPs = [CoreV1.PodIP(ip: podIP)]
        }
        status.startTime = startTime
        status.qosClass = pod.status?.qosClass
        if !initContainers.isEmpty { status.initContainerStatuses = initContainers.map { $0.status(podUID: pod.metadata.uid ?? "") } }
        status.containerStatuses = containers.map { $0.status(podUID: pod.metadata.uid ?? "") }
        return status
    }
}

/// Which container of a Pod: its index among the init containers or the regular ones.
struct ContainerID: Hashable, Sendable {
    var isInit: Bool
    var index: Int
}

/// One container's state as the kubelet tracks it.
struct ContainerRuntime: Sendable {
    enum State: Sendable {
        case waiting(reason: String, message: String?)
        case running(since: Time)
        case terminated(Termination)
    }

    struct Termination: Sendable {
        var exitCode: Int32
        var reason: String
        var message: String?
        var startedAt: Time?
        var finishedAt: Time
    }

    let name: String
    let image: String
    var state: State = .waiting(reason: "ContainerCreating", message: nil)
    var lastTermination: Termination?
    var restartCount: Int32 = 0
    /// Started: the startup probe passed (or there is none) in the current run.
    var started = false
    /// The readiness probe's verdict (true without a probe once started).
    var probeReady = false
    /// The runtime's own verdict (`SimulatedContainerContext.setReady`), true unless it says otherwise.
    var runtimeReady = true
    /// Incremented per run, so a stale probe or callback of a previous run changes nothing.
    var run: Int = 0

    var ready: Bool {
        if case .running = state { return started && probeReady && runtimeReady }
        return false
    }

    var isTerminated: Bool { if case .terminated = state { return true } else { return false } }

    var neverStarted: Bool {
        if case .waiting = state { return lastTermination == nil && restartCount == 0 }
        return false
    }

    var lastExitCode: Int32? {
        if case .terminated(let termination) = state { return termination.exitCode }
        return nil
    }

    var completedSuccessfully: Bool { lastExitCode == 0 }

    func hasFailedForGood(_ restartPolicy: String) -> Bool {
        guard let code = lastExitCode, code != 0 else { return false }
        return restartPolicy == "Never"
    }

    func status(podUID: String) -> CoreV1.ContainerStatus {
        let containerID = "capstan://\(podUID.prefix(8))-\(name)-\(restartCount)"
        var status = CoreV1.ContainerStatus(image: image, imageID: "capstan://\(image)", name: name, ready: ready, restartCount: restartCount)
        status.started = { if case .running = state { return started } else { return false } }()
        switch state {
        case .waiting(let reason, let message):
            status.state = CoreV1.ContainerState(waiting: CoreV1.ContainerStateWaiting(message: message, reason: reason))
        case .running(let since):
            status.containerID = containerID
            status.state = CoreV1.ContainerState(running: CoreV1.ContainerStateRunning(startedAt: since))
        case .terminated(let termination):
            status.containerID = containerID
            status.state = CoreV1.ContainerState(terminated: termination.apiValue(containerID: containerID))
        }
        if let lastTermination {
            status.lastState = CoreV1.ContainerState(terminated: lastTermination.apiValue(containerID: nil))
        } else {
            status.lastState = CoreV1.ContainerState()
        }
        return status
    }
}

extension ContainerRuntime.Termination {
    func apiValue(containerID: String?) -> CoreV1.ContainerStateTerminated {
        CoreV1.ContainerStateTerminated(containerID: containerID, exitCode: exitCode, finishedAt: finishedAt, message: message,
                                        reason: reason, startedAt: startedAt)
    }
}
