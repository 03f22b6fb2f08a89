import KubernetesClient
import KubernetesController
import KubernetesModels
import KubernetesTesting
import Logging
import ServiceLifecycle
import Testing

/// `SimulatedNodes` as a swift-service-lifecycle `Service`: it runs in a `ServiceGroup` and stops on
/// graceful shutdown.
@Suite struct SimulatedNodesServiceTests {
    @Test func runsInAServiceGroupUntilGracefulShutdown() async throws {
        try await APIServer.withAPIServer { server in
            let nodes = SimulatedNodes(server: server, configuration: .init(clock: ScaledClock(factor: 200)))
            let group = ServiceGroup(configuration: .init(services: [.init(service: nodes)], logger: Logger(label: "test")))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await nodes.waitUntilReady()
                try await KubeClient.withClient(configuration: server.clientConfiguration) { client in
                    let cluster = NodeTestCluster(server: server, nodes: nodes, client: client)
                    try await cluster.createPod("served")
                    _ = try await waitFor(cluster.pods(), "served", "Ready") { $0.readyStatus == "True" }
                }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
        }
    }
}
