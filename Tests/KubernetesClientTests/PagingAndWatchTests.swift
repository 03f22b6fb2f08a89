import KubernetesClient
import KubernetesCore
import KubernetesModels
import KubernetesTesting
import Testing

@Suite struct PagingTests {
    let path = "/api/v1/namespaces/ns/configmaps"

    func page(_ names: [String], rv: String, continue token: String?) -> ScriptedTransport.Reply {
        let items = names.map { #"{"metadata":{"name":"\#($0)","resourceVersion":"\#(rv)"}}"# }.joined(separator: ",")
        let cont = token.map { #","continue":"\#($0)""# } ?? ""
        return .json(200, #"{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"\#(rv)"\#(cont)},"items":[\#(items)]}"#)
    }

    @Test func listAllFollowsContinueTokens() async throws {
        let transport = ScriptedTransport()
        transport.on(.get, path, replies: [page(["a", "b"], rv: "10", continue: "t1"), page(["c", "d"], rv: "10", continue: "t2"), page(["e"], rv: "10", continue: nil)])
        let client = try KubeClient(configuration: ClientConfiguration(server: "https://x.invalid"), transport: transport)
        let typed = client.api(TestConfigMap.self, namespace: "ns")
        let all = try await typed.listAll(pageSize: 2)
        #expect(all.items.map { $0.metadata.name ?? "" } == ["a", "b", "c", "d", "e"])
        #expect(all.metadata.resourceVersion == "10")
        let sent = transport.sentRequests
        #expect(sent.map { $0.queryValue("continue") } == [nil, "t1", "t2"])
        #expect(sent.allSatisfy { $0.queryValue("limit") == "2" })
    }

    @Test func expiredContinueTokenRestartsTheListing() async throws {
        let transport = ScriptedTransport()
        let expired = ScriptedTransport.Reply.json(410, #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","message":"The provided continue parameter is too old","code":410}"#)
        transport.on(.get, path, replies: [page(["a"], rv: "10", continue: "t1"), expired, page(["a"], rv: "20", continue: "t9"), page(["b"], rv: "20", continue: nil)])
        let client = try KubeClient(configuration: ClientConfiguration(server: "https://x.invalid"), transport: transport)
        let all = try await client.api(TestConfigMap.self, namespace: "ns").listAll(pageSize: 1)
        #expect(all.items.map { $0.metadata.name ?? "" } == ["a", "b"])
        #expect(all.metadata.resourceVersion == "20")
    }
}

@Suite struct WatchStreamTests {
    let path = "/api/v1/namespaces/ns/configmaps"

    func stream(_ text: String, chunkSize: Int) -> ScriptedTransport.Reply {
        let bytes = Array(text.utf8)
        let chunks = stride(from: 0, to: bytes.count, by: chunkSize).map { Array(bytes[$0..<min($0 + chunkSize, bytes.count)]) }
        return .stream(status: 200, headers: ["content-type": "application/json"], chunks: chunks)
    }

    let events = """
        {"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"1"}}}
        {"type":"MODIFIED","object":{"metadata":{"name":"a","resourceVersion":"2"}}}

        {"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"3"}}}
        {"type":"DELETED","object":{"metadata":{"name":"a","resourceVersion":"4"}}}
        """

    @Test(arguments: [1, 7, 64, 4096])
    func linesSurviveAnyChunking(chunkSize: Int) async throws {
        let transport = ScriptedTransport()
        transport.on(.get, path, replies: [stream(events, chunkSize: chunkSize)])
        let client = try KubeClient(configuration: ClientConfiguration(server: "https://x.invalid"), transport: transport)
        var seen: [String] = []
        for try await event in try await client.api(TestConfigMap.self, namespace: "ns").watch(WatchOptions(resourceVersion: "0")) {
            switch event {
            case .bookmark(let version, _): seen.append("BOOKMARK@\(version)")
            default: seen.append("\(event.typeName):\(event.object?.metadata.resourceVersion ?? "")")
            }
        }
        #expect(seen == ["ADDED:1", "MODIFIED:2", "BOOKMARK@3", "DELETED:4"])
    }

    @Test func expiredWatchThrowsGone() async throws {
        let transport = ScriptedTransport()
        let text = #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (100)","reason":"Expired","code":410}}"# + "\n"
        transport.on(.get, path, replies: [stream(text, chunkSize: 50)])
        let client = try KubeClient(configuration: ClientConfiguration(server: "https://x.invalid"), transport: transport)
        do {
            for try await _ in try await client.api(TestConfigMap.self, namespace: "ns").watch(WatchOptions(resourceVersion: "1")) {}
            Issue.record("expected a Gone error")
        } catch let error as KubernetesError {
            #expect(error.isGone)
            #expect(error.description.contains("too old resource version"))
        }
    }

    @Test func watchRejectedUpFrontIsAnError() async throws {
        let transport = ScriptedTransport()
        transport.on(.get, path, replies: [.json(403, #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","message":"configmaps is forbidden","code":403}"#)])
        let client = try KubeClient(configuration: ClientConfiguration(server: "https://x.invalid"), transport: transport)
        await #expect(throws: KubernetesError.self) {
            _ = try await client.api(TestConfigMap.self, namespace: "ns").watch()
        }
    }
}

/// A ConfigMap-shaped resource, so these tests do not depend on the generated models.
struct TestConfigMap: Resource {
    static let group = ""
    static let version = "v1"
    static let kind = "ConfigMap"
    static let plural = "configmaps"
    static let scope = ResourceScope.namespaced

    var apiVersion: String = TestConfigMap.apiVersion
    var kind: String = TestConfigMap.kind
    var metadata = ObjectMeta()
    var data: [String: String]?

    init(metadata: ObjectMeta, data: [String: String]? = nil) {
        self.metadata = metadata
        self.data = data
    }

    enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, data }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion) ?? TestConfigMap.apiVersion
        kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? TestConfigMap.kind
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        data = try container.decodeIfPresent([String: String].self, forKey: .data)
    }
}

@Suite struct SubresourceTests {
    @Test func scaleIsReadAndPatchedThroughTheSubresource() async throws {
        let transport = ScriptedTransport()
        let body = #"{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web","namespace":"ns"},"spec":{"replicas":3},"status":{"replicas":2,"selector":"app=web"}}"#
        transport.on(.get, "/apis/apps/v1/namespaces/ns/deployments/web/scale", replies: [.json(200, body)])
        transport.on(.patch, "/apis/apps/v1/namespaces/ns/deployments/web/scale", replies: [.json(200, body.replacingOccurrences(of: #""replicas":3"#, with: #""replicas":5"#))])
        let client = try KubeClient(configuration: ClientConfiguration(server: "https://x.invalid"), transport: transport)
        let deployments = client.api(AppsV1.Deployment.self, namespace: "ns")
        let scale = try await deployments.scale("web")
        #expect(scale.spec?.replicas == 3)
        #expect(scale.status?.selector == "app=web")
        let scaled = try await deployments.scale("web", replicas: 5)
        #expect(scaled.spec?.replicas == 5)
        let patch = try #require(transport.sentRequests.last)
        #expect(patch.headers["Content-Type"] == "application/merge-patch+json")
        #expect(String(decoding: patch.body ?? [], as: UTF8.self) == #"{"spec":{"replicas":5}}"#)
    }
}
