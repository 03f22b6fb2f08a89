import AsyncHTTPClient
import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesTesting
import Testing

@Suite struct EndToEndTests {
    static func isWatch(_ request: APIRequest) -> Bool { request.queryValue("watch") == "true" }

    static func stream(_ lines: [String]) -> ScriptedTransport.Reply {
        .stream(status: 200, headers: ["content-type": "application/json"], chunks: lines.map { Array($0.utf8) })
    }

    /// List (two pages) -> watch (a change, an addition, a bookmark, then 410) -> relist (b and e are gone,
    /// d appeared, a changed) -> watch that fails with 500 (the watcher then backs off on the test clock).
    static func scriptedServer() -> ScriptedTransport {
        let path = WidgetJSON.path
        return ScriptedTransport([
            .init(method: .get, path: path, matches: { !isWatch($0) }, replies: [
                .json(200, WidgetJSON.list(["a", "b"], rv: "10", continue: "t1")),
                .json(200, WidgetJSON.list(["c"], rv: "10")),
                .json(200, WidgetJSON.list(["a", "c", "d"], rv: "20")),
            ]),
            .init(method: .get, path: path, matches: isWatch, replies: [
                stream([
                    WidgetJSON.event("MODIFIED", "b", rv: "11"), WidgetJSON.event("ADDED", "e", rv: "12"),
                    WidgetJSON.bookmark(rv: "13"), WidgetJSON.gone,
                ]),
                .json(500, #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"InternalError","code":500,"message":"etcd unavailable"}"#),
            ]),
        ])
    }

    @Test func everyObjectIsReconciledThroughListWatchGoneAndRelist() async throws {
        let transport = Self.scriptedServer()
        let client = try KubeClient(
            configuration: ClientConfiguration(server: "https://x.invalid", maxAttempts: 1), transport: transport)
        let clock = TestClock()
        let manager = try ControllerManager(
            client: client, configuration: ManagerConfiguration(identity: "test", probePort: nil), clock: clock,
            events: RecordingEventSink())
        let log = ReconcileLog()
        let controller = manager.add(ControllerBuilder.for(Widget.self).concurrency(3), reconciler: LoggingReconciler(log: log))

        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await manager.run() }
            // a, b, c from the list; b, e from the watch; a, b, d, e from the relist (b and e deleted).
            await log.wait { entries in
                let names = entries.map(\.request.name)
                return ["a", "b", "c", "d", "e"].allSatisfy(names.contains)
                    && entries.contains { $0.request.name == "b" && !$0.objectExisted }
                    && entries.contains { $0.request.name == "e" && !$0.objectExisted }
            }
            group.cancelAll()
        }
        #expect(log.overlaps == 0)
        #expect(Set(controller.store.keys.map(\.name)) == ["a", "c", "d"])
        #expect(controller.store.get(namespace: "ns", name: "a")?.metadata.resourceVersion == "20")
        #expect(controller.store.get(namespace: "ns", name: "a")?.metadata.managedFields == nil)

        let requests = transport.sentRequests
        let watches = requests.filter(Self.isWatch)
        #expect(watches.first?.queryValue("resourceVersion") == "10", "the watch starts at the list's version")
        let lists = requests.filter { !Self.isWatch($0) }
        #expect(lists.map { $0.queryValue("continue") } == [nil, "t1", nil], "paged list, then a full relist after 410")
        #expect(manager.isReady)
    }

    @Test func probesReportReadinessAndPrometheusMetrics() async throws {
        let transport = Self.scriptedServer()
        let client = try KubeClient(
            configuration: ClientConfiguration(server: "https://x.invalid", maxAttempts: 1), transport: transport)
        let manager = try ControllerManager(
            client: client, configuration: ManagerConfiguration(identity: "test", probeHost: "127.0.0.1", probePort: 0),
            clock: TestClock(), events: RecordingEventSink())
        let log = ReconcileLog()
        manager.add(ControllerBuilder.for(Widget.self, name: "widget"), reconciler: LoggingReconciler(log: log))

        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await manager.run() }
            let port = await manager.boundProbePort()
            await log.wait { $0.count >= 3 }
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            func get(_ path: String) async throws -> (Int, String) {
                let response = try await http.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"), timeout: .seconds(10))
                let body = try await response.body.collect(upTo: 1 << 20)
                return (Int(response.status.code), String(buffer: body))
            }
            let health = try await get("/healthz")
            #expect(health.0 == 200)
            let ready = try await get("/readyz")
            #expect(ready.0 == 200)
            let metrics = try await get("/metrics")
            #expect(metrics.0 == 200)
            #expect(metrics.1.contains(#"controller_runtime_reconcile_total{controller="widget",result="success"}"#))
            #expect(metrics.1.contains("controller_runtime_reconcile_time_seconds_bucket"))
            #expect(metrics.1.contains(#"workqueue_depth{name="widget"}"#))
            #expect(metrics.1.contains("controller_runtime_reconcile_oldest_in_progress_seconds"))
            let missing = try await get("/nope")
            #expect(missing.0 == 404)
            try await http.shutdown()
            group.cancelAll()
        }
    }
}
