import KubernetesCore
import KubernetesModels

extension PodWorker {
    /// How one run of a container ended.
    struct Exit: Sendable {
        var code: Int32
        var reason: String
        var message: String?
    }

    /// Runs the init containers one after another to completion, then every container side by side until
    /// the Pod stops (`stopping`): cancellation reaches each runtime as SIGTERM.
    func runContainers(_ prepared: Prepared) async {
        let spec = state.value.pod.spec
        let initContainers = spec?.initContainers ?? []
        let containers = spec?.containers ?? []
        var initialized = true
        for (index, container) in initContainers.enumerated() where initialized {
            let id = ContainerID(isInit: true, index: index)
            await runContainer(id, container, environment: prepared[id] ?? ContainerEnvironment())
            initialized = state.value.container(id).completedSuccessfully && !Task.isCancelled && !state.value.stopping
        }
        if initialized {
            await withTaskGroup(of: Bool.self) { group in
                for (index, container) in containers.enumerated() {
                    let id = ContainerID(isInit: false, index: index)
                    group.addTask {
                        await self.runContainer(id, container, environment: prepared[id] ?? ContainerEnvironment())
                        return false
                    }
                }
                group.addTask {
                    await self.state.wait { $0.stopping }
                    return true
                }
                for await stopRequested in group where stopRequested {
                    group.cancelAll()
                }
            }
        }
        mutate { $0.containersStopped = true }
    }

    /// One container's life: start (after the start delay), run until it exits or a probe kills it, then
    /// restart per the Pod's restartPolicy with CrashLoopBackOff (10 s doubling to 300 s, reset after 10
    /// minutes of running), like the kubelet. Init containers restart only on failure.
    func runContainer(_ id: ContainerID, _ container: CoreV1.Container, environment: ContainerEnvironment) async {
        let clock = simulation.clock
        let pod = state.value.pod
        let runtime = simulation.configuration.runtimes.first { $0.runs(container, in: pod) }
        var backoff: Duration = .seconds(10)
        if simulation.timings.containerStartDelay > .zero {
            do { try await clock.sleep(for: simulation.timings.containerStartDelay) } catch { return }
        }
        while !Task.isCancelled && !state.value.stopping {
            let startedAt = simulation.now()
            let startInstant = clock.now
            var runNumber = 0
            mutate { runtime in
                runtime.withContainer(id) { state in
                    state.run += 1
                    runNumber = state.run
                    state.state = .running(since: startedAt)
                    state.started = container.startupProbe == nil
                    state.probeReady = container.readinessProbe == nil
                    state.runtimeReady = true
                }
            }
            let exit = await runOnce(id, container, runtime: runtime, environment: environment, runNumber: runNumber)
            let termination = ContainerRuntime.Termination(exitCode: exit.code, reason: exit.reason, message: exit.message,
                                                           startedAt: startedAt, finishedAt: simulation.now())
            let policy = id.isInit && state.value.restartPolicy == "Always" ? "OnFailure" : state.value.restartPolicy
            let restart = policy == "Always" || (policy == "OnFailure" && exit.code != 0)
            if Task.isCancelled || state.value.stopping || !restart {
                mutate { runtime in runtime.withContainer(id) { $0.state = .terminated(termination); $0.started = false } }
                return
            }
            if startInstant.duration(to: clock.now) >= .seconds(600) { backoff = .seconds(10) }
            let podName = name, podNamespace = namespace, podUID = uid
            let seconds = backoff.components.seconds
            mutate { runtime in
                runtime.withContainer(id) { state in
                    state.lastTermination = termination
                    state.started = false
                    state.state = .waiting(reason: "CrashLoopBackOff",
                                           message: "back-off \(Self.describe(seconds)) restarting failed container=\(container.name) pod=\(podName)_\(podNamespace)(\(podUID))")
                }
            }
            do { try await clock.sleep(for: backoff) } catch { return }
            backoff = min(backoff * 2, .seconds(300))
            mutate { runtime in runtime.withContainer(id) { $0.restartCount += 1 } }
        }
    }

    /// Go's duration formatting for the back-off message: `10s`, `1m20s`, `5m0s`.
    static func describe(_ seconds: Int64) -> String {
        seconds < 60 ? "\(seconds)s" : "\(seconds / 60)m\(seconds % 60)s"
    }

    /// One run: the runtime (or the idle process) next to its probes; whichever ends first decides.
    private func runOnce(_ id: ContainerID, _ container: CoreV1.Container, runtime: (any SimulatedContainerRuntime)?,
                         environment: ContainerEnvironment, runNumber: Int) async -> Exit {
        let network = simulation.network
        let podIP = state.value.podIP
        let (podNamespace, podName) = (namespace, name)
        let context = SimulatedContainerContext(
            environment: environment.environment, files: environment.files, persistentVolumes: environment.persistentVolumes,
            listening: { containerPort, hostPort in
                network.setListening(namespace: podNamespace, name: podName, ip: podIP, containerPort: containerPort, hostPort: hostPort)
            },
            setReady: { [weak self] ready in
                guard let self else { return }
                guard self.state.value.container(id).run == runNumber, self.state.value.container(id).runtimeReady != ready else { return }
                self.mutate { runtime in runtime.withContainer(id) { if $0.run == runNumber { $0.runtimeReady = ready } } }
            })
        let pod = state.value.pod
        let isInit = id.isInit
        return await withTaskGroup(of: Exit?.self) { group in
            group.addTask {
                do {
                    if let runtime {
                        try await runtime.run(container, in: pod, context: context)
                    } else if !isInit {
                        // The idle process: runs until stopped. (An unclaimed init container completes at once.)
                        await self.state.wait { _ in false }
                    }
                    return Exit(code: 0, reason: "Completed")
                } catch is CancellationError {
                    return Exit(code: 0, reason: "Completed")
                } catch {
                    return Exit(code: 1, reason: "Error", message: "\(error)")
                }
            }
            group.addTask { await self.probe(id, container, claimed: runtime != nil, runNumber: runNumber) }
            var exit: Exit?
            for await result in group {
                if let result {
                    exit = result
                    break
                }
            }
            group.cancelAll()
            return exit ?? Exit(code: 0, reason: "Completed")
        }
    }
}
