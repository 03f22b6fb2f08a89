import Foundation
import KubernetesClient
import KubernetesCore
import KubernetesModels
import KubernetesTesting
import Testing

@Suite struct ServiceAndNetworkTests {
    static func service(_ name: String, selector: [String: JSONValue], headless: Bool = false, type: String? = nil, port: Int64 = 80,
                        targetPort: JSONValue = 8080) -> JSONValue {
        var spec: JSONValue = ["selector": .object(selector), "ports": [["name": "main", "port": .integer(port), "targetPort": targetPort]]]
        if headless { spec.setValueForTest(.string("None"), key: "clusterIP") }
        if let type { spec.setValueForTest(.string(type), key: "type") }
        return ["apiVersion": "v1", "kind": "Service", "metadata": ["name": .string(name)], "spec": spec]
    }

    @Test func endpointsAndSlicesFollowReadiness() async throws {
        let toggles = AsyncStream<Bool>.makeStream()
        let runtime = ClosureRuntime(prefix: "toggle") { _, _, context in
            for await ready in toggles.stream { context.setReady(ready) }
        }
        try await NodeTestCluster.with(runtimes: [runtime]) { cluster in
            let services = cluster.client.dynamic(.init(group: "", version: "v1", resource: "services"), scope: .namespaced, namespace: "default")
            _ = try await services.create(Self.service("web", selector: ["app": "web"]))
            let service = try await cluster.client.api(CoreV1.Service.self, namespace: "default").get("web")
            #expect(service.spec?.clusterIP?.isEmpty == false)
            #expect(service.spec?.clusterIPs == [service.spec?.clusterIP ?? ""])
            try await cluster.createPod("web-1", labels: ["app": "web"], containers: [["name": "main", "image": "toggle:1"]])
            try await cluster.createPod("other", labels: ["app": "other"])
            let pod = try await waitFor(cluster.pods(), "web-1", "Ready") { $0.readyStatus == "True" }
            let podIP = try #require(pod.status?.podIP)
            let endpointsApi = cluster.client.api(CoreV1.Endpoints.self, namespace: "default")
            let ready = try await waitFor(endpointsApi, "web", "one ready address") { $0.subsets?.first?.addresses?.count == 1 }
            #expect(ready.subsets?.first?.addresses?.first?.ip == podIP)
            #expect(ready.subsets?.first?.addresses?.first?.targetRef?.name == "web-1")
            #expect(ready.subsets?.first?.ports?.first?.port == 8080)
            let slices = cluster.client.api(DiscoveryV1.EndpointSlice.self, namespace: "default")
            let slice = try #require(try await slices.list(ListOptions(labelSelector: "kubernetes.io/service-name=web")).items.first)
            #expect(slice.endpoints?.first?.addresses == [podIP])
            #expect(slice.endpoints?.first?.conditions?.ready == true)
            #expect(slice.endpoints?.first?.zone == pod.metadata.labels?["topology.kubernetes.io/zone"])
            #expect(slice.metadata.ownerReferences?.first?.name == "web")
            toggles.continuation.yield(false)
            let notReady = try await waitFor(endpointsApi, "web", "not-ready address") { $0.subsets?.first?.notReadyAddresses?.count == 1 }
            #expect(notReady.subsets?.first?.addresses == nil)
            let sliceName = slice.metadata.name ?? ""
            let unready = try await waitFor(slices, sliceName, "endpoint not ready") { $0.endpoints?.first?.conditions?.ready == false }
            #expect(unready.endpoints?.first?.conditions?.serving == false)
            toggles.continuation.finish()
            // Deleting the Service removes its Endpoints.
            _ = try await cluster.client.api(CoreV1.Service.self, namespace: "default").delete("web")
            try await waitForDeletion(endpointsApi, "web")
        }
    }

    @Test func nodePortAndLoadBalancerServices() async throws {
        try await NodeTestCluster.with { cluster in
            let services = cluster.client.dynamic(.init(group: "", version: "v1", resource: "services"), scope: .namespaced, namespace: "default")
            _ = try await services.create(Self.service("lb", selector: ["app": "x"], type: "LoadBalancer"))
            let api = cluster.client.api(CoreV1.Service.self, namespace: "default")
            let service = try await waitFor(api, "lb", "ingress") { !($0.status?.loadBalancer?.ingress ?? []).isEmpty }
            #expect(service.status?.loadBalancer?.ingress?.first?.ip == "127.0.0.1")
            let nodePort = try #require(service.spec?.ports?.first?.nodePort)
            #expect((30000...32767).contains(nodePort))
        }
    }

    @Test func networkResolvesPodAndServiceNamesToTheRuntimesPort() async throws {
        try await withEchoServer { echoPort in
            let runtime = ClosureRuntime(prefix: "echo") { _, _, context in
                context.listening(9092, echoPort)
                await sleepUntilCancelled()
            }
            try await NodeTestCluster.with(runtimes: [runtime]) { cluster in
                let services = cluster.client.dynamic(.init(group: "", version: "v1", resource: "services"), scope: .namespaced, namespace: "default")
                _ = try await services.create(Self.service("brokers", selector: ["app": "kafka"], headless: true, port: 9092, targetPort: "kafka"))
                _ = try await services.create(Self.service("bootstrap", selector: ["app": "kafka"], port: 9999, targetPort: 9092))
                let container: JSONValue = ["name": "kafka", "image": "echo:1", "ports": [["name": "kafka", "containerPort": 9092]]]
                try await cluster.createPod("kafka-0", labels: ["app": "kafka"], containers: [container],
                                            extraSpec: ["hostname": "kafka-0", "subdomain": "brokers"])
                let pod = try await waitFor(cluster.pods(), "kafka-0", "Ready") { $0.readyStatus == "True" }
                let endpointsApi = cluster.client.api(CoreV1.Endpoints.self, namespace: "default")
                let endpoints = try await waitFor(endpointsApi, "brokers", "ready") { $0.subsets?.first?.addresses?.count == 1 }
                #expect(endpoints.subsets?.first?.addresses?.first?.hostname == "kafka-0")
                _ = try await waitFor(endpointsApi, "bootstrap", "ready") { $0.subsets?.first?.addresses?.count == 1 }
                let network = cluster.nodes.network
                let podIP = try #require(pod.status?.podIP)
                let bootstrap = try await cluster.client.api(CoreV1.Service.self, namespace: "default").get("bootstrap")
                let names = [
                    (podIP, 9092), ("kafka-0.brokers.default.svc", 9092), ("kafka-0.brokers.default.svc.cluster.local.", 9092),
                    ("brokers.default.svc.cluster.local", 9092), ("bootstrap.default.svc", 9999), (bootstrap.spec?.clusterIP ?? "", 9999),
                ]
                for (host, port) in names {
                    let resolved = try #require(network.resolve(host: host, port: port), "\(host):\(port) does not resolve")
                    #expect(resolved.host == "127.0.0.1")
                    #expect(try await echo("hello \(host)", port: resolved.port) == "hello \(host)")
                }
                #expect(network.resolve(host: "kafka-0.brokers.default.svc", port: 9093) == nil)
                #expect(network.resolve(host: "nothing.default.svc", port: 9092) == nil)
                #expect(network.resolveAll(host: "brokers.default.svc", port: 9092).count == 1)
            }
        }
    }

    @Test func nodeFailureMakesItsPodsNotReady() async throws {
        try await NodeTestCluster.with(nodes: SimulatedNodeSpec.zonal(count: 2)) { cluster in
            try await cluster.createPod("a", extraSpec: ["nodeName": "node-1"])
            try await cluster.createPod("b", extraSpec: ["nodeName": "node-2"])
            _ = try await waitFor(cluster.pods(), "a", "Ready") { $0.readyStatus == "True" }
            _ = try await waitFor(cluster.pods(), "b", "Ready") { $0.readyStatus == "True" }
            cluster.nodes.fail("node-1")
            let nodeApi = cluster.client.api(CoreV1.Node.self)
            let failed = try await waitFor(nodeApi, "node-1", "NotReady") { node in
                node.status?.conditions?.contains { $0.type == "Ready" && $0.status == "Unknown" } == true
            }
            #expect(failed.spec?.taints?.contains { $0.key == "node.kubernetes.io/unreachable" && $0.effect == "NoSchedule" } == true)
            let notReady = try await waitFor(cluster.pods(), "a", "Ready=False") { $0.readyStatus == "False" }
            #expect(notReady.status?.phase == "Running")
            #expect(try await cluster.pods().get("b").readyStatus == "True")
            // New Pods avoid the failed node.
            try await cluster.createPod("c")
            let placed = try await waitFor(cluster.pods(), "c", "scheduled") { !($0.spec?.nodeName ?? "").isEmpty }
            #expect(placed.spec?.nodeName == "node-2")
            cluster.nodes.recover("node-1")
            _ = try await waitFor(cluster.pods(), "a", "Ready again") { $0.readyStatus == "True" }
            let recovered = try await nodeApi.get("node-1")
            #expect(recovered.spec?.taints == nil || recovered.spec?.taints?.isEmpty == true)
        }
    }
}

extension JSONValue {
    mutating func setValueForTest(_ value: JSONValue, key: String) {
        guard case .object(var members) = self else { return }
        members[key] = value
        self = .object(members)
    }
}
