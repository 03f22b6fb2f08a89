import KubernetesCore
import KubernetesModels

extension PodWorker {
    /// Runs the container's probes on the injected clock, honouring initialDelaySeconds, periodSeconds,
    /// successThreshold and failureThreshold: the startup probe gates the others; readiness sets the
    /// container's probe verdict; a failing liveness (or startup) probe kills the run. Returns the kill as
    /// an exit, or nil when cancelled (the run ended otherwise).
    func probe(_ id: ContainerID, _ container: CoreV1.Container, claimed: Bool, runNumber: Int) async -> Exit? {
        if let startup = container.startupProbe {
            guard let passed = await probeUntilDecided(startup, container: container, claimed: claimed) else { return nil }
            if !passed { return Exit(code: 137, reason: "Error", message: "Startup probe failed") }
            mutate { runtime in runtime.withContainer(id) { if $0.run == runNumber { $0.started = true } } }
        }
        return await withTaskGroup(of: Exit?.self, returning: Exit?.self) { group in
            if let readiness = container.readinessProbe {
                group.addTask {
                    await self.followReadiness(readiness, id: id, container: container, claimed: claimed, runNumber: runNumber)
                    return nil
                }
            }
            if let liveness = container.livenessProbe {
                group.addTask {
                    await self.probeUntilDecided(liveness, container: container, claimed: claimed, stopOnSuccess: false) == false
                        ? Exit(code: 137, reason: "Error", message: "Liveness probe failed") : nil
                }
            }
            group.addTask {
                // Keeps the group (and so the run) alive until cancelled when no probe can kill the container.
                await self.state.wait { _ in false }
                return nil
            }
            for await result in group {
                if let result {
                    group.cancelAll()
                    return result
                }
            }
            return nil
        }
    }

    /// Probes until `successThreshold` consecutive successes (true, when `stopOnSuccess`) or
    /// `failureThreshold` consecutive failures (false); nil when cancelled.
    private func probeUntilDecided(_ probe: CoreV1.Probe, container: CoreV1.Container, claimed: Bool, stopOnSuccess: Bool = true) async -> Bool? {
        let clock = simulation.clock
        do {
            try await clock.sleep(for: .seconds(Int64(probe.initialDelaySeconds ?? 0)))
            var successes = 0
            var failures = 0
            while !Task.isCancelled {
                if passes(probe, container: container, claimed: claimed) {
                    successes += 1
                    failures = 0
                    if stopOnSuccess && successes >= Int(probe.successThreshold ?? 1) { return true }
                } else {
                    failures += 1
                    successes = 0
                    if failures >= Int(max(probe.failureThreshold ?? 3, 1)) { return false }
                }
                try await clock.sleep(for: .seconds(Int64(max(probe.periodSeconds ?? 10, 1))))
            }
        } catch {
            return nil
        }
        return nil
    }

    private func followReadiness(_ probe: CoreV1.Probe, id: ContainerID, container: CoreV1.Container, claimed: Bool, runNumber: Int) async {
        let clock = simulation.clock
        do {
            try await clock.sleep(for: .seconds(Int64(probe.initialDelaySeconds ?? 0)))
            var successes = 0
            var failures = 0
            while !Task.isCancelled {
                var verdict: Bool?
                if passes(probe, container: container, claimed: claimed) {
                    successes += 1
                    failures = 0
                    if successes >= Int(probe.successThreshold ?? 1) { verdict = true }
                } else {
                    failures += 1
                    successes = 0
                    if failures >= Int(max(probe.failureThreshold ?? 3, 1)) { verdict = false }
                }
                if let verdict, state.value.container(id).probeReady != verdict {
                    mutate { runtime in runtime.withContainer(id) { if $0.run == runNumber { $0.probeReady = verdict } } }
                }
                try await clock.sleep(for: .seconds(Int64(max(probe.periodSeconds ?? 10, 1))))
            }
        } catch {
            return
        }
    }

    /// tcpSocket passes once the runtime reported the port; httpGet and gRPC likewise for a container a
    /// runtime claimed (the idle process answers them); exec always passes.
    func passes(_ probe: CoreV1.Probe, container: CoreV1.Container, claimed: Bool) -> Bool {
        let podIP = state.value.podIP
        func listening(_ port: IntOrString) -> Bool {
            let number: Int32?
            switch port {
            case .int(let value): number = value
            case .string(let portName): number = container.ports?.first { $0.name == portName }?.containerPort
            }
            return number.map { simulation.network.isListening(ip: podIP, containerPort: $0) } ?? false
        }
        if let tcp = probe.tcpSocket { return listening(tcp.port) }
        if let http = probe.httpGet { return claimed ? listening(http.port) : true }
        if let grpc = probe.grpc { return claimed ? simulation.network.isListening(ip: podIP, containerPort: grpc.port) : true }
        return true
    }
}
