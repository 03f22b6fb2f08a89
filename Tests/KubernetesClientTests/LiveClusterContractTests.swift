import Foundation
import KubernetesClient
import KubernetesCore
import Testing

/// The client's contract against a real API server: runs only when `KUBECONFIG` is set (it creates and
/// deletes a namespace `capstan-contract-*` there), and is skipped visibly otherwise.
///
/// It uses the dynamic API on ConfigMaps so that it depends on nothing but the client itself.
@Suite(
    .enabled(
        if: ProcessInfo.processInfo.environment["KUBECONFIG"] != nil,
        "SKIPPED: KUBECONFIG is not set, so there is no real cluster to run the client contract against; set KUBECONFIG to a kubeconfig of a disposable cluster (the suite creates and deletes a namespace capstan-contract-*) to run it"))
struct LiveClusterContractTests {
    @Test func clientContract() async throws {
        try await Self.runContract(kubeconfig: ClientConfiguration.defaultKubeconfigPath())
    }

    /// What the suite does with the kubeconfig at `path` (its current context); also run against the
    /// in-memory API server through a written kubeconfig, to prove this wiring works.
    static func runContract(kubeconfig path: String) async throws {
        let configuration = try ClientConfiguration.fromKubeconfig(path: path)
        try await KubeClient.withClient(configuration: configuration) { client in
            try await ClientContract(client: client).run()
        }
    }
}

/// The scenario, written once so it can run against any server (a real one, or Capstan's in-memory one).
struct ClientContract {
    let client: KubeClient
    let namespace = "capstan-contract-\(UInt32.random(in: 0...UInt32.max))"
    let configMaps = GroupVersionResource(group: "", version: "v1", resource: "configmaps")

    func run() async throws {
        let version = try await client.serverVersion()
        #expect(!version.gitVersion.isEmpty)
        let namespaces = client.dynamic(GroupVersionResource(group: "", version: "v1", resource: "namespaces"), scope: .cluster)
        _ = try await namespaces.create(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(namespace)]])
        do {
            try await crud()
            try await pagingAndSelectors()
            try await watchSeesChanges()
            try await serverSideApply()
            try await patches()
            try await discoveryAndMetadata()
        } catch {
            _ = try? await namespaces.delete(namespace)
            throw error
        }
        _ = try await namespaces.delete(namespace)
    }

    var api: DynamicApi { client.dynamic(configMaps, scope: .namespaced, namespace: namespace) }

    func configMap(_ name: String, labels: [String: JSONValue] = [:], data: [String: JSONValue] = [:]) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name), "labels": .object(labels)], "data": .object(data)]
    }

    func crud() async throws {
        let created = try await api.create(configMap("a", data: ["k": "v"]))
        #expect(created[path: ["metadata", "uid"]]?.stringValue?.isEmpty == false)
        var fetched = try await api.get("a")
        #expect(fetched["data"] == ["k": "v"])

        fetched["data"] = ["k": "v2"]
        let replaced = try await api.replace(fetched)
        #expect(replaced["data"] == ["k": "v2"])

        // Replacing with the old resourceVersion is a conflict.
        await expectError({ _ = try await api.replace(fetched) }) { $0.isConflict }
        await expectError({ _ = try await api.create(configMap("a")) }) { $0.isAlreadyExists }
        await expectError({ _ = try await api.create(configMap("Not_Valid")) }) { error in
            error.isInvalid && (error.status?.details?.causes?.contains { $0.field == "metadata.name" } ?? false)
        }
        // Preconditions guard deletes.
        await expectError({
            _ = try await api.delete("a", options: DeleteOptions(preconditions: .init(uid: "00000000-0000-0000-0000-000000000000")))
        }) { $0.isConflict }
        // dryRun creates nothing.
        _ = try await api.create(configMap("dry"), options: WriteOptions(dryRun: true))
        await expectError({ _ = try await api.get("dry") }) { $0.isNotFound }

        _ = try await api.delete("a")
        await expectError({ _ = try await api.get("a") }) { $0.isNotFound }
    }

    func pagingAndSelectors() async throws {
        for index in 0..<7 {
            _ = try await api.create(configMap("page-\(index)", labels: ["tier": index % 2 == 0 ? "even" : "odd", "set": "paging"]))
        }
        var names: [String] = []
        var options = ListOptions(labelSelector: "set=paging", limit: 3)
        var pages = 0
        repeat {
            let page = try await api.list(options)
            pages += 1
            names += page.items.compactMap { $0[path: ["metadata", "name"]]?.stringValue }
            options.continue = page.metadata.continue
        } while options.continue?.isEmpty == false
        #expect(pages == 3)
        #expect(names.sorted() == (0..<7).map { "page-\($0)" })

        let odd = try await api.list(ListOptions(labelSelector: "set=paging,tier in (odd)"))
        #expect(odd.items.count == 3)
        let byName = try await api.list(ListOptions(fieldSelector: "metadata.name=page-4"))
        #expect(byName.items.count == 1)
        await expectError({ _ = try await api.list(ListOptions(labelSelector: "tier in (")) }) { $0.isBadRequest }
    }

    func watchSeesChanges() async throws {
        let start = try await api.list(ListOptions(labelSelector: "set=watch"))
        let stream = try await api.watch(WatchOptions(labelSelector: "set=watch", resourceVersion: start.metadata.resourceVersion, timeoutSeconds: 10))
        _ = try await api.create(configMap("w", labels: ["set": "watch"]))
        _ = try await api.delete("w")
        var types: [String] = []
        for try await event in stream {
            if case .bookmark = event { continue }
            types.append(event.typeName)
            if types.count == 2 { break }
        }
        #expect(types == ["ADDED", "DELETED"])

        // Far too old a version is 410 Gone, either up front or as an ERROR event.
        do {
            for try await _ in try await api.watch(WatchOptions(resourceVersion: "1", timeoutSeconds: 5)) {}
        } catch let error as KubernetesError {
            #expect(error.isGone)
        }
    }

    func serverSideApply() async throws {
        let applied = try await api.apply(configMap("ssa", data: ["a": "1"]), fieldManager: "capstan-contract-1", force: false)
        #expect(applied["data"] == ["a": "1"])
        await expectError({
            _ = try await api.apply(configMap("ssa", data: ["a": "2"]), fieldManager: "capstan-contract-2", force: false)
        }) { $0.isConflict && ($0.status?.details?.causes?.isEmpty == false) }
        let forced = try await api.apply(configMap("ssa", data: ["a": "2"]), fieldManager: "capstan-contract-2", force: true)
        #expect(forced["data"] == ["a": "2"])
    }

    func patches() async throws {
        _ = try await api.create(configMap("p", data: ["a": "1"]))
        let merged = try await api.patch("p", type: .merge, body: Array(#"{"data":{"a":null,"b":"2"}}"#.utf8))
        #expect(merged["data"] == ["b": "2"])
        let patched = try await api.patch("p", type: .json, body: Array(#"[{"op":"test","path":"/data/b","value":"2"},{"op":"replace","path":"/data/b","value":"3"}]"#.utf8))
        #expect(patched["data"] == ["b": "3"])
        await expectError({
            _ = try await api.patch("p", type: .json, body: Array(#"[{"op":"test","path":"/data/b","value":"wrong"}]"#.utf8))
        }) { $0.isInvalid || $0.isConflict }
    }

    func discoveryAndMetadata() async throws {
        let (resource, scope) = try await client.discover(GroupVersionKind(group: "", version: "v1", kind: "ConfigMap"))
        #expect(resource.resource == "configmaps")
        #expect(scope == .namespaced)
        let metadata = try await client.metadata(configMaps, scope: .namespaced, namespace: namespace).list()
        #expect(metadata.items.contains { $0.metadata.name == "p" })
    }

    func expectError(
        _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation,
        _ predicate: (KubernetesError) -> Bool
    ) async {
        do {
            try await body()
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch let error as KubernetesError {
            #expect(predicate(error), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }
}
