import Foundation
import KubernetesClient
import KubernetesCore
import KubernetesTesting
import Testing

/// The fault hooks tests use to exercise retries, relists and backoff.
struct FaultInjectionTests {
    static func withTransport<T: Sendable>(_ body: (APIServer, AsyncHTTPClientTransport) async throws -> T) async throws -> T {
        try await ServerTransport.with { server, transport in try await body(server, transport) }
    }

    static func configMap(_ name: String) -> [UInt8] {
        Array(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)"},"data":{"k":"v"}}"#.utf8)
    }

    static let json = ["Content-Type": "application/json"]

    @Test func failsTheNextMatchingRequestsThenRecovers() async throws {
        try await Self.withTransport { server, transport in
            server.faults.failNext(2, method: "POST", path: "/api/v1/namespaces/*/configmaps", with: .tooManyRequests(retryAfterSeconds: 3))
            let path = "/api/v1/namespaces/default/configmaps"
            let first = try await transport.send(APIRequest(method: .post, path: path, headers: Self.json, body: Self.configMap("a")), timeout: .seconds(30))
            #expect(first.status == 429)
            #expect(first.headers["retry-after"] == "3")
            // A GET does not match the rule and is not consumed by it.
            let list = try await transport.send(APIRequest(method: .get, path: path), timeout: .seconds(30))
            #expect(list.status == 200)
            let second = try await transport.send(APIRequest(method: .post, path: path, headers: Self.json, body: Self.configMap("a")), timeout: .seconds(30))
            #expect(second.status == 429)
            let third = try await transport.send(APIRequest(method: .post, path: path, headers: Self.json, body: Self.configMap("a")), timeout: .seconds(30))
            #expect(third.status == 201)

            server.faults.failNext(1, path: "/configmaps/a", with: .internalError)
            let failed = try await transport.send(APIRequest(method: .get, path: path + "/a"), timeout: .seconds(30))
            #expect(failed.status == 500)
            server.faults.failNext(1, path: "/configmaps/a", with: .conflict)
            #expect(try await transport.send(APIRequest(method: .get, path: path + "/a"), timeout: .seconds(30)).status == 409)
            server.faults.failNext(1, path: "/configmaps/a", with: .timeout)
            #expect(try await transport.send(APIRequest(method: .get, path: path + "/a"), timeout: .seconds(30)).status == 504)
            #expect(try await transport.send(APIRequest(method: .get, path: path + "/a"), timeout: .seconds(30)).status == 200)
        }
    }

    @Test func compactionMakesOldWatchesExpire() async throws {
        try await Self.withTransport { server, transport in
            let path = "/api/v1/namespaces/default/configmaps"
            let created = try await transport.send(APIRequest(method: .post, path: path, headers: Self.json, body: Self.configMap("before")), timeout: .seconds(30))
            let revision = try JSONDecoder().decode(JSONValue.self, from: Data(created.body))[path: ["metadata", "resourceVersion"]]?.stringValue ?? ""
            _ = try await transport.send(APIRequest(method: .post, path: path, headers: Self.json, body: Self.configMap("after")), timeout: .seconds(30))
            server.faults.compactHistory()
            let watch = try await transport.stream(APIRequest(method: .get, path: path, query: [QueryItem("watch", "1"), QueryItem("resourceVersion", revision)], isWatch: true))
            var text = ""
            for try await chunk in watch.body { text += String(decoding: chunk, as: UTF8.self) }
            let event = try JSONDecoder().decode(JSONValue.self, from: Data(text.split(separator: "\n").first.map { Data($0.utf8) } ?? Data()))
            #expect(event["type"] == "ERROR")
            #expect(event[path: ["object", "code"]] == 410)
            #expect(event[path: ["object", "reason"]] == "Expired")
        }
    }

    @Test func waitingForOpenWatchesReturnsOnceAClientWatches() async throws {
        try await Self.withTransport { server, transport in
            let path = "/api/v1/namespaces/default/configmaps"
            async let opened: Void = server.faults.waitForOpenWatches(atLeast: 1)
            let watch = try await transport.stream(APIRequest(method: .get, path: path, query: [QueryItem("watch", "1"), QueryItem("timeoutSeconds", "1")], isWatch: true))
            await opened
            #expect(server.faults.openWatchCount == 1)
            for try await _ in watch.body {}
        }
    }

    @Test func droppedWatchesEndAndPausedRequestsWaitForResume() async throws {
        try await Self.withTransport { server, transport in
            let path = "/api/v1/namespaces/default/configmaps"
            let watch = try await transport.stream(APIRequest(method: .get, path: path, query: [QueryItem("watch", "1"), QueryItem("resourceVersion", "0")], isWatch: true))
            #expect(watch.status == 200)
            #expect(server.faults.openWatchCount == 1)
            server.faults.dropWatches()
            for try await _ in watch.body {}  // ends: the server closed the stream
            #expect(server.faults.openWatchCount == 0)

            server.faults.pause()
            async let paused = transport.send(APIRequest(method: .post, path: path, headers: Self.json, body: Self.configMap("late")), timeout: .seconds(20))
            // While paused the request is held: it reached the server and waits there until resume.
            await server.faults.waitForHeldRequests(atLeast: 1)
            server.faults.resume()
            #expect(try await paused.status == 201)
        }
    }
}
