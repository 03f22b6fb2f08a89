import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesTesting
import Testing

@Suite struct MetadataInformerTests {
    @Test func aMetadataOnlyCacheListsPartialObjectsAndIndexesTheirOwners() async throws {
        let list = #"{"apiVersion":"meta.k8s.io/v1","kind":"PartialObjectMetadataList","metadata":{"resourceVersion":"7"},"items":[{"apiVersion":"meta.k8s.io/v1","kind":"PartialObjectMetadata","metadata":{"name":"g1","namespace":"ns","resourceVersion":"7","ownerReferences":[{"apiVersion":"example.capstan.dev/v1","kind":"Widget","name":"w","uid":"uid-w","controller":true}],"managedFields":[{"manager":"x"}]}}]}"#
        let transport = ScriptedTransport([
            .init(method: .get, path: "/api/v1/configmaps", matches: { $0.queryValue("watch") != "true" }, replies: [.json(200, list)]),
            .init(method: .get, path: "/api/v1/configmaps", matches: { $0.queryValue("watch") == "true" }, replies: [
                .json(503, #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"ServiceUnavailable","code":503}"#)
            ]),
        ])
        let client = try KubeClient(configuration: ClientConfiguration(server: "https://x.invalid", maxAttempts: 1), transport: transport)
        let informer = Informer(watcher: Watcher(source: MetadataWatchSource<Gadget>(client: client), clock: TestClock()))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await informer.run() }
            await informer.waitUntilSynced()
            group.cancelAll()
        }
        let cached = informer.store.list(ownedBy: "uid-w")
        #expect(cached.map(\.metadata.name) == ["g1"])
        #expect(cached.first?.metadata.managedFields == nil)
        #expect(cached.first?.kind == "ConfigMap", "typed as the resource it stands for")
        let accept = transport.sentRequests.first?.headers["Accept"] ?? ""
        #expect(accept.contains("as=PartialObjectMetadataList"), "the server is asked for metadata only")
    }
}
