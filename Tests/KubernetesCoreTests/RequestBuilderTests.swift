import Testing
import KubernetesCore

/// A minimal resource for exercising the generic machinery without the generated models.
struct Widget: Resource, Hashable {
    static let group = "example.capstan.dev"
    static let version = "v1"
    static let kind = "Widget"
    static let plural = "widgets"
    static let scope = ResourceScope.namespaced

    var apiVersion: String = Widget.apiVersion
    var kind: String = Widget.kind
    var metadata = ObjectMeta()
    var size: Int?

    init(metadata: ObjectMeta = ObjectMeta(), size: Int? = nil) {
        self.metadata = metadata
        self.size = size
    }

    enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, size }

    // List items and watch objects may lack apiVersion/kind; they default to the type's own.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion) ?? Widget.apiVersion
        kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? Widget.kind
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        size = try container.decodeIfPresent(Int.self, forKey: .size)
    }
}

@Suite struct RequestBuilderTests {
    let widgets = RequestBuilder(for: Widget.self)
    let namespaces = RequestBuilder(resource: GroupVersionResource(group: "", version: "v1", resource: "namespaces"), scope: .cluster)
    let pods = RequestBuilder(resource: GroupVersionResource(group: "", version: "v1", resource: "pods"), scope: .namespaced)

    @Test func pathsFollowTheAPILayout() {
        #expect(pods.get(name: "p", namespace: "ns").path == "/api/v1/namespaces/ns/pods/p")
        #expect(pods.list(namespace: nil).path == "/api/v1/pods")
        #expect(widgets.get(name: "w", namespace: "ns", subresource: "status").path
            == "/apis/example.capstan.dev/v1/namespaces/ns/widgets/w/status")
        #expect(namespaces.get(name: "kafka", namespace: "ignored").path == "/api/v1/namespaces/kafka")
        #expect(widgets.list(namespace: "ns").path == "/apis/example.capstan.dev/v1/namespaces/ns/widgets")
    }

    @Test func listQueryIsEncoded() {
        let request = pods.list(
            namespace: "ns", options: ListOptions(labelSelector: "tier in (a,b)", limit: 3, continue: "tok+/="))
        #expect(request.pathAndQuery
            == "/api/v1/namespaces/ns/pods?labelSelector=tier%20in%20%28a%2Cb%29&limit=3&continue=tok%2B%2F%3D")
        #expect(request.method == .get)
        #expect(!request.isWatch)
    }

    @Test func watchAsksForBookmarks() {
        let request = pods.watch(namespace: "ns", options: WatchOptions(resourceVersion: "42", timeoutSeconds: 30))
        #expect(request.isWatch)
        #expect(request.queryValue("watch") == "true")
        #expect(request.queryValue("allowWatchBookmarks") == "true")
        #expect(request.queryValue("resourceVersion") == "42")
        #expect(request.queryValue("timeoutSeconds") == "30")
    }

    @Test func metadataOnlyListAsksForPartialObjectMetadata() {
        let request = pods.list(namespace: nil, representation: .metadataOnly)
        #expect(request.headers["Accept"]?.hasPrefix("application/json;as=PartialObjectMetadataList") == true)
    }

    @Test func applyUsesApplyPatchContentType() {
        let request = widgets.apply(
            name: "w", namespace: "ns", body: Array("{}".utf8), options: ApplyOptions(fieldManager: "capstan"))
        #expect(request.method == .patch)
        #expect(request.headers["Content-Type"] == "application/apply-patch+yaml")
        #expect(request.queryValue("fieldManager") == "capstan")
        #expect(request.queryValue("force") == "true")
        #expect(request.isIdempotent)
    }

    @Test func createIsNotRetriedBlindly() {
        let request = widgets.create(namespace: "ns", body: [], options: WriteOptions(dryRun: true))
        #expect(request.method == .post)
        #expect(!request.isIdempotent)
        #expect(request.queryValue("dryRun") == "All")
    }

    @Test func deleteOptionsEncodeWithoutNulls() throws {
        let options = DeleteOptions(
            propagationPolicy: .foreground, preconditions: .init(uid: "u1", resourceVersion: "7"))
        #expect(try JSONTesting.encode(options)
            == #"{"apiVersion":"v1","kind":"DeleteOptions","preconditions":{"resourceVersion":"7","uid":"u1"},"propagationPolicy":"Foreground"}"#)
    }
}

@Suite struct WatchEventTests {
    @Test func decodesEachEventType() throws {
        let added = try JSONTesting.decode(
            WatchEvent<Widget>.self, #"{"type":"ADDED","object":{"metadata":{"name":"w","resourceVersion":"5"},"size":3}}"#)
        #expect(added.object?.size == 3)
        #expect(added.object?.apiVersion == "example.capstan.dev/v1")

        // A bookmark carries only metadata; it must not need the object's required fields.
        let bookmark = try JSONTesting.decode(
            WatchEvent<Widget>.self,
            #"{"type":"BOOKMARK","object":{"kind":"Widget","metadata":{"resourceVersion":"9","annotations":{"k8s.io/initial-events-end":"true"}}}}"#)
        guard case .bookmark(let version, let end) = bookmark else {
            Issue.record("expected a bookmark")
            return
        }
        #expect(version == "9")
        #expect(end)

        let error = try JSONTesting.decode(
            WatchEvent<Widget>.self,
            #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}}"#)
        guard case .error(let status) = error else {
            Issue.record("expected an error")
            return
        }
        #expect(status.code == 410)
        #expect(status.reason == "Expired")
    }

    @Test func unknownTypeIsAnError() {
        #expect(throws: DecodingError.self) {
            try JSONTesting.decode(WatchEvent<Widget>.self, #"{"type":"EXPLODED","object":{}}"#)
        }
    }
}
