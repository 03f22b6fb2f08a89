import CapstanOperator
import Foundation
import KubernetesClient
import KubernetesCore
import Logging
import ServiceLifecycle

/// The part of the sandbox a user sees: applies the manifests, shows progress until everything is Ready,
/// keeps `.capstan/sandbox.json` current, prints the status table, and — with `--until-ready` — returns
/// once everything is Ready (or throws `SandboxError.timedOut` naming what was not).
struct SandboxDriver: Service {
    let client: KubeClient
    let configuration: SandboxConfiguration
    let clusters: SimulatedKafkaClusters
    let display: SandboxProgressDisplay
    let logger: Logger

    func run() async throws {
        var applied: [AppliedObject] = []
        for manifest in configuration.manifests {
            let objects = try await SandboxManifestApplier.apply(manifest, client: client)
            display.note("applied \(manifest.source): \(objects.map(\.description).joined(separator: ", "))")
            applied += objects
        }
        try writeSummary(bootstrap: [:])
        guard !applied.isEmpty else {
            display.note("nothing to apply; the sandbox serves an empty cluster")
            if configuration.untilReady { return }
            try? await gracefulShutdown()
            return
        }
        let snapshots = AsyncStream.makeStream(of: [ResourceReadiness].self, bufferingPolicy: .bufferingNewest(1))
        let tracker = ReadinessTracker(client: client, objects: applied, logger: logger)
        let (untilReady, timeout, latest) = (configuration.untilReady, configuration.timeout, self.latest)
        do {
            // Ctrl-C (graceful shutdown) cancels the following; with --until-ready the first of "all Ready",
            // a permanent failure or the timeout ends it.
            try await cancelWhenGracefulShutdown {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await tracker.run { snapshots.continuation.yield($0) } }
                    group.addTask { try await follow(snapshots.stream) }
                    if untilReady, let timeout {
                        group.addTask {
                            try await Task.sleep(for: timeout)
                            throw SandboxError.timedOut(after: timeout, waiting: latest.value)
                        }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
        } catch is CancellationError {
            return
        }
    }

    /// When the sandbox started, for "Ready after".
    let started = ContinuousClock.now

    /// The not-Ready lines of the latest snapshot, for the timeout message.
    private let latest = LatestWaiting()

    /// Shows each snapshot, refreshes sandbox.json when cluster ids appear, and prints the table the first
    /// time everything is Ready. Returns then with `--until-ready`, else keeps following.
    private func follow(_ stream: AsyncStream<[ResourceReadiness]>) async throws {
        var knownIds: [String: String] = [:]
        var announced = false
        for await snapshot in stream {
            display.show(snapshot)
            latest.value = snapshot.filter { !$0.ready }.map(\.line)
            var ids: [String: String] = [:]
            for entry in snapshot {
                if let id = entry.kafkaClusterId { ids["\(entry.object.namespace ?? "default")/\(entry.object.name)"] = id }
            }
            if ids != knownIds, let bootstrap = try await bootstrapAddresses(ids) {
                try writeSummary(bootstrap: bootstrap)
                knownIds = ids
            }
            if let failure = snapshot.first(where: { Self.isPermanentFailure($0) }), configuration.untilReady {
                throw SandboxError.failed(resource: failure.object.description, reason: failure.reason, message: failure.message)
            }
            let allReady = snapshot.allSatisfy(\.ready)
            if allReady && !announced {
                announced = true
                let bootstrap = try await printStatusTable(knownIds)
                if let onReady = configuration.onReady {
                    try await onReady(SandboxReadyContext(summary: summary(bootstrap: bootstrap), clientConfiguration: client.configuration))
                }
                if configuration.untilReady { return }
            } else if !allReady {
                announced = false
            }
        }
    }

    /// Reasons the operator gives when the spec itself is wrong: waiting longer cannot help.
    static func isPermanentFailure(_ readiness: ResourceReadiness) -> Bool {
        !readiness.ready && ["Invalid", "InvalidSpec", "ValidationFailed"].contains(readiness.reason)
    }

    /// Bootstrap ports for every cluster whose simulated Kafka has started; nil until all have.
    private func bootstrapAddresses(_ ids: [String: String]) async throws -> [String: String]? {
        var addresses: [String: String] = [:]
        for (key, id) in ids {
            guard let address = try await clusters.bootstrapAddress(clusterId: id) else { return nil }
            addresses[key] = address
        }
        return addresses
    }

    private func summary(bootstrap: [String: String]) -> SandboxSummary {
        let kubeconfig = URL(fileURLWithPath: configuration.kubeconfigPath).standardizedFileURL.path
        let entries = bootstrap.keys.sorted().map { key -> SandboxSummary.Cluster in
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            return SandboxSummary.Cluster(namespace: parts[0], name: parts.count > 1 ? parts[1] : "", bootstrap: bootstrap[key] ?? "")
        }
        return SandboxSummary(kubeconfig: kubeconfig, clusters: entries)
    }

    private func writeSummary(bootstrap: [String: String]) throws {
        try summary(bootstrap: bootstrap).write(to: configuration.summaryPath)
    }

    private func printStatusTable(_ ids: [String: String]) async throws -> [String: String] {
        let list = try await client.api(KafkaCluster.self).list()
        let bootstrap = try await bootstrapAddresses(ids) ?? [:]
        display.note("\n" + SandboxStatusTable.render(clusters: list.items, bootstrap: bootstrap) + "\n")
        display.note("""
            Everything is Ready after \(SandboxProgressDisplay.seconds(started.duration(to: .now))). Try:
              kubectl --kubeconfig \(configuration.kubeconfigPath) get kafkaclusters,pods,pvc,svc
              cat \(configuration.summaryPath)    # bootstrap addresses for Kafka clients on this machine
            """)
        return bootstrap
    }
}

import Synchronization

/// The latest not-Ready lines, shared with the timeout task.
final class LatestWaiting: Sendable {
    private let lines = Mutex<[String]>([])

    var value: [String] {
        get { lines.withLock { $0 } }
        set { lines.withLock { $0 = newValue } }
    }
}
