import Foundation
import KubernetesClient
import KubernetesCore
import KubernetesTesting
import Testing

/// Details of writes a client sees and the contract suite checks against the recordings, checked here
/// without ../shared: managedFields of creates, Go's null times, label selector errors, generation.
struct WriteFidelityTests {
    static func withServer(_ body: (AsyncHTTPClientTransport) async throws -> Void) async throws {
        try await ServerTransport.with(userAgent: "fidelity/1.0") { _, transport in try await body(transport) }
    }

    static func send(_ transport: AsyncHTTPClientTransport, _ method: APIRequest.Method, _ path: String, query: [QueryItem] = [],
                     contentType: String = "application/json", body: String? = nil) async throws -> (status: Int, body: JSONValue) {
        let response = try await transport.send(
            APIRequest(method: method, path: path, query: query, headers: ["Content-Type": contentType], body: body.map { Array($0.utf8) }),
            timeout: .seconds(30))
        return (response.status, try JSONDecoder().decode(JSONValue.self, from: Data(response.body)))
    }

    @Test func createOwnsFieldsLikeTheGoZeroValue() async throws {
        try await Self.withServer { transport in
            let created = try await Self.send(transport, .post, "/api/v1/namespaces/default/persistentvolumeclaims",
                                              body: #"{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}}"#)
            #expect(created.status == 201)
            let entry = try #require(created.body[path: ["metadata", "managedFields"]]?.arrayValue?.first)
            #expect(entry["manager"] == "fidelity")
            let spec = try #require(entry[path: ["fieldsV1", "f:spec"]])
            // spec and spec.resources are non-pointer structs in Go: present in the zero value, not added.
            #expect(spec["."] == nil)
            #expect(spec[path: ["f:resources", "."]] == nil)
            // requests is a map the create added: it is a member itself.
            #expect(spec[path: ["f:resources", "f:requests", "."]] == [:])
            #expect(spec[path: ["f:resources", "f:requests", "f:storage"]] == [:])
            #expect(spec["f:accessModes"] == [:])
        }
    }

    @Test func podConditionTimesAreNullAndOwned() async throws {
        try await Self.withServer { transport in
            let pods = "/api/v1/namespaces/default/pods"
            let created = try await Self.send(transport, .post, pods,
                                              body: #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"app","image":"web:1"}]}}"#)
            #expect(created.status == 201)
            let patched = try await Self.send(transport, .patch, pods + "/web/status", contentType: "application/merge-patch+json",
                                              body: #"{"status":{"conditions":[{"type":"Ready","status":"True","lastTransitionTime":"2026-01-01T00:00:00Z"}]}}"#)
            #expect(patched.status == 200)
            let condition = try #require(patched.body[path: ["status", "conditions"]]?.arrayValue?.first)
            #expect(condition["lastProbeTime"] == .null)
            let statusEntry = patched.body[path: ["metadata", "managedFields"]]?.arrayValue?.first { $0["subresource"] == "status" }
            #expect(statusEntry?[path: ["fieldsV1", "f:status", "f:conditions", #"k:{"type":"Ready"}"#, "f:lastProbeTime"]] == [:])
        }
    }

    @Test func labelSelectorSyntaxErrorsUseTheRealParsersWords() async throws {
        try await Self.withServer { transport in
            let configMaps = "/api/v1/namespaces/default/configmaps"
            let cases: [(String, String)] = [
                ("tier in a", "unable to parse requirement: found 'a' expected: '('"),
                ("tier in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'"),
                ("tier", ""),
                ("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"),
                ("a=b c", "found 'c', expected: ',' or 'end of string'"),
                ("tier,", "found '', expected: identifier after ','"),
                ("=x", "found '=', expected: !, identifier, or 'end of string'"),
                ("tier ~ x", "unable to parse requirement: found '~', expected: in, notin, =, ==, !=, gt, lt"),
            ]
            for (selector, message) in cases {
                let answer = try await Self.send(transport, .get, configMaps, query: [QueryItem("labelSelector", selector)])
                if message.isEmpty {
                    #expect(answer.status == 200, "\(selector)")
                } else {
                    #expect(answer.status == 400, "\(selector)")
                    #expect(answer.body["message"]?.stringValue == message, "\(selector)")
                }
            }
        }
    }

    @Test func markingForDeletionBumpsTheGeneration() async throws {
        try await Self.withServer { transport in
            let deployments = "/apis/apps/v1/namespaces/default/deployments"
            let body = #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","finalizers":["example.dev/hold"]},"spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"web:1"}]}}}}"#
            let created = try await Self.send(transport, .post, deployments, body: body)
            #expect(created.status == 201)
            #expect(created.body[path: ["metadata", "generation"]] == 1)
            let deleted = try await Self.send(transport, .delete, deployments + "/web")
            #expect(deleted.status == 200)
            #expect(deleted.body[path: ["metadata", "deletionTimestamp"]] != nil)
            #expect(deleted.body[path: ["metadata", "generation"]] == 2)
        }
    }
}
