import Foundation
import KubernetesClient
import KubernetesController
import KubernetesCore
import KubernetesModels
import KubernetesTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Figures for docs/in-memory-api-server/simulated-nodes.md: how long 60 Pods take to become Ready with
/// zero delays, and the CPU the API server and idle nodes use. Opt-in (they measure, they do not assert
/// on time): `CAPSTAN_NODES_BENCH=1 swift test --filter SimulatedNodesBenchmarkTests`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CAPSTAN_NODES_BENCH"] == "1",
                "SKIPPED: set CAPSTAN_NODES_BENCH=1 to measure the simulated nodes"))
struct SimulatedNodesBenchmarkTests {
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    @Test func sixtyPodsBecomeReady() async throws {
        try await APIServer.withAPIServer { server in
            try await SimulatedNodes.withSimulatedNodes(server: server) { _ in
                try await KubeClient.withClient(configuration: server.clientConfiguration) { client in
                    let pods = client.api(CoreV1.Pod.self, namespace: "default")
                    let start = ContinuousClock.now
                    let cpuStart = Self.cpuSeconds()
                    let list = try await pods.list()
                    let stream = try await pods.watch(WatchOptions(resourceVersion: list.metadata.resourceVersion))
                    let dynamic = client.dynamic(.init(group: "", version: "v1", resource: "pods"), scope: .namespaced, namespace: "default")
                    for index in 0..<60 {
                        _ = try await dynamic.create(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string("bench-\(index)")],
                                                      "spec": ["containers": [["name": "main", "image": "busybox:1.36"]]]])
                    }
                    var ready: Set<String> = []
                    for try await event in stream {
                        if let pod = event.object, pod.status?.conditions?.contains(where: { $0.type == "Ready" && $0.status == "True" }) == true {
                            ready.insert(pod.metadata.name ?? "")
                        }
                        if ready.count == 60 { break }
                    }
                    let elapsed = start.duration(to: .now)
                    print("simulated-nodes bench: 60 Pods created and Ready in \(elapsed) (CPU \(String(format: "%.2f", Self.cpuSeconds() - cpuStart)) s)")
                    #expect(ready.count == 60)

                    // The sleep is the measurement: CPU the idle nodes and server burn in 20 s of doing nothing.
                    let idleStart = Self.cpuSeconds()
                    try await Task.sleep(for: .seconds(20))
                    print("simulated-nodes bench: 3 idle nodes with 60 idle Pods + API server: \(String(format: "%.3f", Self.cpuSeconds() - idleStart)) s CPU in 20 s")
                }
            }
        }
    }
}
