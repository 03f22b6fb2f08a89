@testable import KubernetesClient
import KubernetesCore
import KubernetesTesting
import Testing

@Suite struct RetryTests {
    let path = "/api/v1/namespaces/ns/configmaps/a"
    let ok = ScriptedTransport.Reply.json(200, #"{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a"}}"#)
    let unavailable = ScriptedTransport.Reply.json(503, #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"ServiceUnavailable","code":503}"#)
    let throttled = ScriptedTransport.Reply.json(
        429, #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"TooManyRequests","code":429}"#,
        headers: ["retry-after": "1"])

    func client(_ transport: ScriptedTransport) throws -> DynamicApi {
        try KubeClient(configuration: ClientConfiguration(server: "https://x.invalid"), transport: transport)
            .dynamic(GroupVersionResource(group: "", version: "v1", resource: "configmaps"), scope: .namespaced, namespace: "ns")
    }

    @Test func idempotentReadIsRetriedOnServerErrors() async throws {
        let transport = ScriptedTransport()
        transport.on(.get, path, replies: [unavailable, unavailable, ok])
        let object = try await client(transport).get("a")
        #expect(object[path: ["metadata", "name"]] == "a")
        #expect(transport.sentRequests.count == 3)
    }

    @Test func createIsNotRetriedOnServerErrors() async throws {
        let transport = ScriptedTransport()
        transport.on(.post, "/api/v1/namespaces/ns/configmaps", replies: [unavailable, ok])
        await #expect(throws: KubernetesError.self) {
            _ = try await client(transport).create(["metadata": ["name": "a"]])
        }
        // A POST may have been applied before the 503: sending it again could create a duplicate.
        #expect(transport.sentRequests.count == 1)
    }

    @Test func throttledCreateIsRetriedHonouringRetryAfter() async throws {
        let transport = ScriptedTransport()
        transport.on(.post, "/api/v1/namespaces/ns/configmaps", replies: [throttled, ok])
        _ = try await client(transport).create(["metadata": ["name": "a"]])
        #expect(transport.sentRequests.count == 2)
    }

    @Test func givesUpAfterMaxAttempts() async throws {
        let transport = ScriptedTransport()
        transport.on(.get, path, replies: [unavailable])
        let api = try KubeClient(
            configuration: ClientConfiguration(server: "https://x.invalid", maxAttempts: 2), transport: transport
        ).dynamic(GroupVersionResource(group: "", version: "v1", resource: "configmaps"), scope: .namespaced, namespace: "ns")
        do {
            _ = try await api.get("a")
            Issue.record("expected failure")
        } catch {
            #expect(error.isRetriable)
            #expect(error.httpStatus == 503)
        }
        #expect(transport.sentRequests.count == 2)
    }

    @Test func notFoundIsNotRetried() async throws {
        let transport = ScriptedTransport()
        let api = try client(transport)
        do {
            _ = try await api.get("zzz")
            Issue.record("expected NotFound")
        } catch {
            #expect(error.isNotFound)
            #expect(!error.isRetriable)
        }
        #expect(transport.sentRequests.count == 1)
    }
}

@Suite struct RateLimiterTests {
    @Test func burstIsFreeThenRequestsAreSpaced() {
        let limiter = RateLimiter(queriesPerSecond: 10, burst: 3)
        // The first `burst` reservations need no wait; the next ones queue 1/qps apart.
        #expect(limiter.reserve() == .zero)
        #expect(limiter.reserve() == .zero)
        #expect(limiter.reserve() == .zero)
        let fourth = limiter.reserve()
        let fifth = limiter.reserve()
        #expect(fourth > .milliseconds(50) && fourth <= .milliseconds(100))
        #expect(fifth > fourth)
        #expect(fifth <= .milliseconds(200))
    }

    @Test func zeroQPSMeansUnlimited() {
        let limiter = RateLimiter(queriesPerSecond: 0, burst: 1)
        for _ in 0..<10 { #expect(limiter.reserve() == .zero) }
    }
}
