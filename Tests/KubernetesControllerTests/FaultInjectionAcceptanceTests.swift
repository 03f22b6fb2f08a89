import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesModels
import KubernetesTesting
import Testing

/// The acceptance scenarios, against the in-memory API server over real HTTP, with faults
/// injected. Runtime time runs on a `ScaledClock` (20x), so "30 s of simulated time" is 1.5 s real.
@Suite(.serialized) struct FaultInjectionAcceptanceTests {
    static let namespace = "faults"
    static let objectCount = 40

    /// Reconciles ConfigMaps by copying `data.want` into the annotation `capstan.dev/observed` (one PATCH
    /// per object per change), logging who reconciled what and when.
    struct MirrorReconciler: Reconciler {
        typealias Object = CoreV1.ConfigMap
        let client: KubeClient
        let journal: ReconcileJournal
        let identity: String

        func reconcile(_ request: ReconcileRequest, context: ReconcileContext<CoreV1.ConfigMap>) async throws -> ReconcileAction {
            let token = journal.begin(request, identity: identity)
            defer { journal.end(token) }
            guard let object = context.object(for: request) else { return .done }
            let want = object.data?["want"] ?? ""
            guard object.metadata.annotations?["capstan.dev/observed"] != want else {
                journal.settled(request, value: want)
                return .done
            }
            let patch: JSONValue = ["metadata": ["annotations": ["capstan.dev/observed": .string(want)]]]
            _ = try await client.api(CoreV1.ConfigMap.self, namespace: request.namespace).mergePatch(request.name, patch)
            journal.wrote(request, value: want)
            return .done
        }
    }

    static func createObjects(_ client: KubeClient, value: (Int) -> String) async throws {
        let api = client.api(CoreV1.ConfigMap.self, namespace: namespace)
        for index in 0..<objectCount {
            _ = try await api.create(
                CoreV1.ConfigMap(metadata: ObjectMeta(name: "cm-\(index)", namespace: namespace), data: ["want": value(index)]))
        }
    }

    /// The user's changes, as unconditional PUTs (no resourceVersion): the injected PATCH failures are
    /// meant for the operator's writes, and a PATCH from here would consume them (and fail the test's own
    /// setup with a 409 it cannot retry). Replacing the object also drops the operator's annotation,
    /// which the operator must then write again.
    static func updateObjects(_ client: KubeClient, value: (Int) -> String) async throws {
        let api = client.api(CoreV1.ConfigMap.self, namespace: namespace)
        for index in 0..<objectCount {
            _ = try await api.replace(
                CoreV1.ConfigMap(metadata: ObjectMeta(name: "cm-\(index)", namespace: namespace), data: ["want": value(index)]))
        }
    }

    /// The test's ConfigMaps as the API server has them (the namespace also holds `kube-root-ca.crt`,
    /// which the server publishes into every namespace, as Kubernetes does).
    static func testObjects(_ client: KubeClient) async throws -> [CoreV1.ConfigMap] {
        try await client.api(CoreV1.ConfigMap.self, namespace: namespace).list().items
            .filter { $0.metadata.name?.hasPrefix("cm-") == true }
    }

    /// True when every object's annotation matches its wanted value, read from the API server.
    static func converged(_ client: KubeClient) async throws -> Bool {
        let items = try await testObjects(client)
        guard items.count == objectCount else { return false }
        return items.allSatisfy { $0.metadata.annotations?["capstan.dev/observed"] == $0.data?["want"] }
    }

    static func adminClient(_ server: APIServer) throws -> KubeClient {
        try KubeClient(configuration: server.clientConfiguration)
    }

    /// A client that surfaces every failure to the runtime (no client-side retries).
    static func operatorClient(_ server: APIServer, transport: (any HTTPTransport)? = nil) throws -> KubeClient {
        var configuration = server.clientConfiguration
        configuration.maxAttempts = 1
        return try KubeClient(configuration: configuration, transport: transport)
    }

    @Test(.timeLimit(.minutes(1))) func everyObjectConvergesThroughDroppedWatchesCompaction409s429s500sAndAPause() async throws {
        try await APIServer.withAPIServer { server in
            let admin = try Self.adminClient(server)
            _ = try await admin.api(CoreV1.Namespace.self).create(CoreV1.Namespace(metadata: ObjectMeta(name: Self.namespace)))
            try await Self.createObjects(admin) { "v0-\($0)" }

            let client = try Self.operatorClient(server)
            let clock = ScaledClock(factor: 20)
            let manager = try ControllerManager(
                client: client, configuration: ManagerConfiguration(identity: "solo", probePort: nil), clock: clock)
            let journal = ReconcileJournal()
            let controller = manager.add(
                ControllerBuilder.for(CoreV1.ConfigMap.self, name: "mirror", namespace: Self.namespace).concurrency(4),
                reconciler: MirrorReconciler(client: client, journal: journal, identity: "solo"))

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await manager.run() }
                await journal.waitForWrites(count: Self.objectCount)

                // Writes fail: conflicts, throttling with Retry-After, server errors.
                server.faults.failNext(15, method: "PATCH", path: "/configmaps/", with: .conflict)
                server.faults.failNext(10, method: "PATCH", path: "/configmaps/", with: .tooManyRequests(retryAfterSeconds: 1))
                server.faults.failNext(10, method: "PATCH", path: "/configmaps/", with: .internalError)
                // Lists and watch requests fail too.
                server.faults.failNext(3, method: "GET", path: "/configmaps", with: .internalError)
                for round in 1...4 {
                    try await Self.updateObjects(admin) { "v\(round)-\($0)" }
                    // The watch is dropped every N (= objectCount) events.
                    server.faults.dropWatches()
                    if round == 2 {
                        // History compacted: the re-watch gets 410 and the runtime relists.
                        server.faults.compactHistory()
                        server.faults.dropWatches()
                    }
                }
                // The API server pauses for 30 s of (scaled) time while changes are pending.
                try await Self.updateObjects(admin) { "v5-\($0)" }
                server.faults.pause()
                try await clock.sleep(for: .seconds(30))
                server.faults.resume()
                try await Self.updateObjects(admin) { "final-\($0)" }

                // Settled: each object's last reconcile saw its own final write in the cache (so the
                // watch event of that write was handled too).
                await journal.waitForSettled { values in
                    (0..<Self.objectCount).allSatisfy { values[ReconcileRequest(namespace: Self.namespace, name: "cm-\($0)")] == "final-\($0)" }
                }
                // A change applied to the cache just before its handler enqueued it may still cause
                // one more (no-op) reconcile: let the queue drain before stopping. The test's time
                // limit bounds this wait; nothing is asserted on time.
                while controller.queue.depth > 0 || controller.queue.processingCount > 0 {
                    try await Task.sleep(for: .milliseconds(10))
                }
                group.cancelAll()
            }
            #expect(try await Self.converged(admin), "every object converged to its final value")
            #expect(journal.overlaps == 0, "no object was reconciled concurrently with itself")
            // The cache holds exactly what the server holds: the test's objects plus kube-root-ca.crt.
            let serverCount = try await admin.api(CoreV1.ConfigMap.self, namespace: Self.namespace).list().items.count
            #expect(controller.store.count == serverCount)
            #expect(controller.store.keys.filter { $0.name.hasPrefix("cm-") }.count == Self.objectCount)
            // Bounded memory: nothing left queued, no leftover delayed entries beyond the keys.
            #expect(controller.queue.depth == 0)
            #expect(controller.queue.delayedEntryCount <= Self.objectCount)
            try await admin.shutdown()
            try await client.shutdown()
        }
    }

    @Test(.timeLimit(.minutes(1))) func twoManagersOneLeaderHandoverOnKillAndAPausedLeaderStopsFirst() async throws {
        try await APIServer.withAPIServer { server in
            let admin = try Self.adminClient(server)
            _ = try await admin.api(CoreV1.Namespace.self).create(CoreV1.Namespace(metadata: ObjectMeta(name: Self.namespace)))
            try await Self.createObjects(admin) { "v0-\($0)" }
            let journal = ReconcileJournal()
            let election = ManagerConfiguration.LeaderElection(leaseName: "mirror", leaseNamespace: Self.namespace)

            func makeManager(_ identity: String, transport: PausableTransport) throws -> ControllerManager {
                let client = try Self.operatorClient(server, transport: transport)
                let manager = try ControllerManager(
                    client: client, configuration: ManagerConfiguration(identity: identity, leaderElection: election, probePort: nil),
                    clock: ScaledClock(factor: 20))
                manager.add(
                    ControllerBuilder.for(CoreV1.ConfigMap.self, name: "mirror", namespace: Self.namespace).resync(every: .seconds(1)),
                    reconciler: MirrorReconciler(client: client, journal: journal, identity: identity))
                return manager
            }
            let transportA = PausableTransport(try AsyncHTTPClientTransport(configuration: server.clientConfiguration))
            let transportB = PausableTransport(try AsyncHTTPClientTransport(configuration: server.clientConfiguration))
            let transportC = PausableTransport(try AsyncHTTPClientTransport(configuration: server.clientConfiguration))
            let a = try makeManager("a", transport: transportA)
            let b = try makeManager("b", transport: transportB)

            // Phase 1: two managers; a starts first and leads.
            let runA = Task { try await a.run() }
            await journal.waitForWrites(count: Self.objectCount)
            let runB = Task { try await b.run() }
            try await Self.updateObjects(admin) { "v1-\($0)" }
            await journal.waitForValues { values in (0..<Self.objectCount).allSatisfy { values[ReconcileRequest(namespace: Self.namespace, name: "cm-\($0)")] == "v1-\($0)" } }
            #expect(Set(journal.identities) == ["a"], "only the leader reconciles")

            // Phase 2: kill the leader (no graceful release): b takes over.
            runA.cancel()
            _ = try? await runA.value
            let killedAt = journal.count
            try await Self.updateObjects(admin) { "v2-\($0)" }
            await journal.waitForValues { values in (0..<Self.objectCount).allSatisfy { values[ReconcileRequest(namespace: Self.namespace, name: "cm-\($0)")] == "v2-\($0)" } }
            #expect(journal.identities.dropFirst(killedAt).allSatisfy { $0 == "b" })

            // Phase 3: pause (not kill) the leader b; c campaigns. b must stop before c starts.
            let c = try makeManager("c", transport: transportC)
            let runC = Task { try await c.run() }
            transportB.pause()
            let pausedAt = journal.count
            try await Self.updateObjects(admin) { "v3-\($0)" }
            await journal.waitForValues { values in (0..<Self.objectCount).allSatisfy { values[ReconcileRequest(namespace: Self.namespace, name: "cm-\($0)")] == "v3-\($0)" } }
            var bFailure: (any Error)?
            do { try await runB.value } catch { bFailure = error }
            #expect(bFailure is LeaderElectionError, "the paused leader gave up its leadership")
            transportB.resume()
            let afterPause = journal.entries.dropFirst(pausedAt)
            let lastB = afterPause.filter { $0.identity == "b" }.map(\.end).max()
            let firstC = afterPause.filter { $0.identity == "c" }.map(\.start).min()
            if let lastB, let firstC { #expect(lastB < firstC, "b stopped acting before c started") }
            #expect(journal.overlapsAcrossIdentities == 0, "never two managers reconciling at once")
            runC.cancel()
            _ = try? await runC.value
            try await admin.shutdown()
            for transport in [transportA, transportB, transportC] { try await transport.shutdown() }
        }
    }
}
