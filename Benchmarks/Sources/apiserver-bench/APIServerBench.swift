import Foundation
import KubernetesClient
import KubernetesCore
import KubernetesTesting

/// Measures the in-memory API server over real HTTP on 127.0.0.1:
/// 1. creates per second with 8 concurrent clients (each its own connection pool);
/// 2. the time to list 10,000 objects in one response;
/// 3. watch fan-out: 20 watchers each receiving every one of 2,000 creates.
///
/// `swift run -c release apiserver-bench [creates-per-client] [--tls]` from Benchmarks/ (or
/// scripts/bench-apiserver.sh); `--tls` measures the same over HTTPS.

@main
enum APIServerBench {
    static func configMap(_ name: String) -> [UInt8] {
        Array(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","labels":{"bench":"yes"}},"data":{"key":"value"}}"#.utf8)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func createNamespace(_ name: String, _ transport: AsyncHTTPClientTransport) async throws {
        let body = Array(#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"\#(name)"}}"#.utf8)
        let response = try await transport.send(APIRequest(method: .post, path: "/api/v1/namespaces", headers: ["Content-Type": "application/json"], body: body), timeout: .seconds(10))
        precondition(response.status == 201, "namespace create failed: \(response.status)")
    }

    static func main() async throws {
        try await run()
    }

    /// Off the main actor: the server's closure is not sent across isolation domains.
    nonisolated static func run() async throws {
        let arguments = CommandLine.arguments.dropFirst()
        let createsPerClient = arguments.compactMap { Int($0) }.first ?? 2_500
        let tls = arguments.contains("--tls")
        let clients = 8
        let clock = ContinuousClock()
        let configuration = APIServer.Configuration(
            historyCapacity: 200_000, watchBufferCapacity: 50_000, controllerDelay: .milliseconds(200),
            transportSecurity: tls ? .selfSigned : .plaintext)
        print("apiserver-bench over \(tls ? "HTTPS" : "HTTP"), \(createsPerClient) creates per client")

        try await APIServer.withAPIServer(configuration) { server in
            let transports = try (0..<clients).map { _ in try AsyncHTTPClientTransport(configuration: server.clientConfiguration) }
            try await Self.createNamespace("bench", transports[0])
            try await Self.createNamespace("fanout", transports[0])

            // 1. Creates per second.
            let createStart = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (client, transport) in transports.enumerated() {
                    group.addTask {
                        for index in 0..<createsPerClient {
                            let response = try await transport.send(APIRequest(
                                method: .post, path: "/api/v1/namespaces/bench/configmaps", headers: ["Content-Type": "application/json"],
                                body: Self.configMap("cm-\(client)-\(index)")), timeout: .seconds(30))
                            precondition(response.status == 201, "create failed: \(response.status)")
                        }
                    }
                }
                try await group.waitForAll()
            }
            let createElapsed = Self.seconds(clock.now - createStart)
            let totalCreates = clients * createsPerClient
            print(String(format: "creates: %d over \(tls ? "HTTPS" : "HTTP") with %d concurrent clients in %.2f s = %.0f creates/s", totalCreates, clients, createElapsed, Double(totalCreates) / createElapsed))

            // 2. List of 10,000 objects (the first 10,000 by name).
            var listTimes: [Double] = []
            var listedBytes = 0
            for _ in 0..<5 {
                let start = clock.now
                let response = try await transports[0].send(APIRequest(method: .get, path: "/api/v1/namespaces/bench/configmaps", query: [QueryItem("limit", "10000")]), timeout: .seconds(60))
                listTimes.append(Self.seconds(clock.now - start))
                listedBytes = response.body.count
                precondition(response.status == 200)
            }
            listTimes.sort()
            print(String(format: "list: 10,000 ConfigMaps (%.1f MB) in %.0f ms (median of 5, min %.0f ms)", Double(listedBytes) / 1e6, listTimes[2] * 1000, listTimes[0] * 1000))

            // 3. Watch fan-out: 20 watchers, 2,000 creates.
            let watchers = 20
            let events = 2_000
            let fanoutStart = clock.now
            var lastDelivery = clock.now
            try await withThrowingTaskGroup(of: ContinuousClock.Instant.self) { group in
                for index in 0..<watchers {
                    let transport = transports[index % clients]
                    let stream = try await transport.stream(APIRequest(method: .get, path: "/api/v1/namespaces/fanout/configmaps",
                                                                       query: [QueryItem("watch", "1"), QueryItem("resourceVersion", String(0)), QueryItem("timeoutSeconds", "120")], isWatch: true))
                    group.addTask {
                        var received = 0
                        for try await chunk in stream.body {
                            received += chunk.lazy.filter { $0 == UInt8(ascii: "\n") }.count
                            if received >= events { break }
                        }
                        return clock.now
                    }
                }
                let writer = try AsyncHTTPClientTransport(configuration: server.clientConfiguration)
                for index in 0..<events {
                    _ = try await writer.send(APIRequest(method: .post, path: "/api/v1/namespaces/fanout/configmaps", headers: ["Content-Type": "application/json"],
                                                         body: Self.configMap("w-\(index)")), timeout: .seconds(30))
                }
                for try await finished in group { lastDelivery = max(lastDelivery, finished) }
                try await writer.shutdown()
            }
            let fanoutElapsed = Self.seconds(lastDelivery - fanoutStart)
            print(String(format: "watch fan-out: %d watchers x %d events = %d deliveries in %.2f s = %.0f events/s delivered (writes included)",
                         watchers, events, watchers * events, fanoutElapsed, Double(watchers * events) / fanoutElapsed))
            for transport in transports { try await transport.shutdown() }
        }
    }
}
