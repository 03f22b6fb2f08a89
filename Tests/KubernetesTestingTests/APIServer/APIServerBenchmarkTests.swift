import Foundation
import KubernetesClient
import KubernetesCore
import KubernetesTesting
import Testing

/// The apiserver benchmark's measurements (see Benchmarks/Sources/apiserver-bench) as an opt-in test, for
/// machines where building the release benchmark package is not practical. It prints figures and asserts
/// only correctness (never time). Run with `CAPSTAN_APISERVER_BENCH=1 swift test --filter APIServerBenchmarkTests`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CAPSTAN_APISERVER_BENCH"] != nil, "SKIPPED: set CAPSTAN_APISERVER_BENCH=1 to run the API server benchmark"))
struct APIServerBenchmarkTests {
    static func configMap(_ name: String) -> [UInt8] {
        Array(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","labels":{"bench":"yes"}},"data":{"key":"value"}}"#.utf8)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    @Test func createsListAndWatchFanOut() async throws {
        let clock = ContinuousClock()
        let clients = 8
        let createsPerClient = Int(ProcessInfo.processInfo.environment["CAPSTAN_APISERVER_BENCH_CREATES"] ?? "") ?? 1_250
        let configuration = APIServer.Configuration(historyCapacity: 200_000, watchBufferCapacity: 50_000, controllerDelay: .milliseconds(200))
        try await APIServer.withAPIServer(configuration) { server in
            let transports = try (0..<clients).map { _ in try AsyncHTTPClientTransport(configuration: server.clientConfiguration) }
            let json = ["Content-Type": "application/json"]
            for namespace in ["bench", "fanout"] {
                let body = Array(#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"\#(namespace)"}}"#.utf8)
                #expect(try await transports[0].send(APIRequest(method: .post, path: "/api/v1/namespaces", headers: json, body: body), timeout: .seconds(10)).status == 201)
            }

            let start = clock.now
            try await withThrowingTaskGroup(of: Int.self) { group in
                for (client, transport) in transports.enumerated() {
                    group.addTask {
                        var created = 0
                        for index in 0..<createsPerClient {
                            let response = try await transport.send(APIRequest(method: .post, path: "/api/v1/namespaces/bench/configmaps", headers: json,
                                                                               body: Self.configMap("cm-\(client)-\(index)")), timeout: .seconds(30))
                            if response.status == 201 { created += 1 }
                        }
                        return created
                    }
                }
                var total = 0
                for try await created in group { total += created }
                #expect(total == clients * createsPerClient)
            }
            let createSeconds = Self.seconds(clock.now - start)
            print(String(format: "BENCH creates: %d with %d concurrent clients in %.2f s = %.0f creates/s",
                         clients * createsPerClient, clients, createSeconds, Double(clients * createsPerClient) / createSeconds))

            var listTimes: [Double] = []
            var count = 0
            for _ in 0..<5 {
                let listStart = clock.now
                let response = try await transports[0].send(APIRequest(method: .get, path: "/api/v1/namespaces/bench/configmaps"), timeout: .seconds(60))
                listTimes.append(Self.seconds(clock.now - listStart))
                count = (try JSONDecoder().decode(JSONValue.self, from: Data(response.body)))["items"]?.arrayValue?.count ?? 0
            }
            listTimes.sort()
            #expect(count == clients * createsPerClient + 1)  // plus kube-root-ca.crt
            print(String(format: "BENCH list: %d ConfigMaps in one response in %.0f ms (median of 5)", count, listTimes[2] * 1000))

            let watchers = 20
            let events = 1_000
            let fanoutStart = clock.now
            var delivered = 0
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<watchers {
                    let stream = try await transports[index % clients].stream(APIRequest(
                        method: .get, path: "/api/v1/namespaces/fanout/configmaps",
                        query: [QueryItem("watch", "1"), QueryItem("resourceVersion", String(server.configuration.initialResourceVersion)),
                                QueryItem("timeoutSeconds", "120"), QueryItem("labelSelector", "bench=yes")], isWatch: true))
                    group.addTask {
                        var received = 0
                        for try await chunk in stream.body {
                            received += chunk.lazy.filter { $0 == UInt8(ascii: "\n") }.count
                            if received >= events { break }
                        }
                        return received
                    }
                }
                let writer = try AsyncHTTPClientTransport(configuration: server.clientConfiguration)
                for index in 0..<events {
                    _ = try await writer.send(APIRequest(method: .post, path: "/api/v1/namespaces/fanout/configmaps", headers: json, body: Self.configMap("w-\(index)")), timeout: .seconds(30))
                }
                for try await received in group { delivered += received }
                try await writer.shutdown()
            }
            let fanoutSeconds = Self.seconds(clock.now - fanoutStart)
            #expect(delivered == watchers * events)
            print(String(format: "BENCH watch fan-out: %d watchers x %d events = %d deliveries in %.2f s = %.0f deliveries/s (writes included)",
                         watchers, events, delivered, fanoutSeconds, Double(delivered) / fanoutSeconds))
            for transport in transports { try await transport.shutdown() }
        }
    }
}
