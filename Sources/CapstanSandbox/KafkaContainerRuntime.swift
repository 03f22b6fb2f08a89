import KafkaTesting
import KubernetesModels
import KubernetesTesting
import Logging

/// Runs the Kafka containers of the sandbox's Pods as simulated Kafka nodes.
///
/// A container is a Kafka node when its image is an Apache Kafka image and its command starts
/// `kafka-server-start.sh`. It is started the way the real image would start it: from the
/// `server.properties` mounted from the node's ConfigMap, the cluster id in `KAFKA_CLUSTER_ID` (which
/// picks the simulated cluster), the voters in `KAFKA_INITIAL_CONTROLLERS`, and `broker.rack` from
/// `KAFKA_RACK` when the startup script asks for it. Nothing here reads the operator's code: the sandbox
/// sees only what a kubelet would see.
public struct KafkaContainerRuntime: SimulatedContainerRuntime {
    let clusters: SimulatedKafkaClusters
    let logger: Logger

    /// How often a running broker's readiness is re-read from the model: one simulated clock tick.
    static let readinessInterval: Duration = .milliseconds(100)

    public init(clusters: SimulatedKafkaClusters, logger: Logger = Logger(label: "capstan.sandbox.kafka-runtime")) {
        self.clusters = clusters
        self.logger = logger
    }

    public func runs(_ container: CoreV1.Container, in pod: CoreV1.Pod) -> Bool {
        let image = container.image ?? ""
        let command = ((container.command ?? []) + (container.args ?? [])).joined(separator: " ")
        return image.contains("kafka") && command.contains("kafka-server-start")
    }

    public func run(_ container: CoreV1.Container, in pod: CoreV1.Pod, context: SimulatedContainerContext) async throws {
        let launch = try KafkaNodeLaunch(container: container, context: context)
        let cluster = clusters.cluster(id: launch.clusterId, serverProperties: launch.properties)
        if !launch.initialControllers.isEmpty {
            cluster.withModel { $0.declareVoters(launch.initialControllers) }
        }
        var properties = launch.properties
        let port = clusters.rememberedPort(clusterId: launch.clusterId, nodeId: launch.nodeId) ?? 0
        // Every node of every cluster shares 127.0.0.1, so each listens on a port of its own; the
        // simulated network maps the Pod's container ports to it.
        properties["listeners"] = "SANDBOX://127.0.0.1:\(port)"
        let node = try SimulatedKafkaNode(
            cluster: cluster, serverProperties: properties,
            dataDirectory: context.persistentVolumes.values.sorted().first ?? "emptyDir", logger: logger)
        let containerPorts = (container.ports ?? []).map(\.containerPort)
        guard node.isBroker else {
            // A controller-only node: the quorum is simulated in-process, there is no socket to reach.
            for containerPort in containerPorts { context.listening(containerPort, nil) }
            context.setReady(true)
            try await node.run()
            return
        }
        context.setReady(false)
        let (clusterId, nodeId, clusters) = (launch.clusterId, launch.nodeId, self.clusters)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                try await node.run { bound in
                    clusters.remember(port: bound, clusterId: clusterId, nodeId: nodeId)
                    for containerPort in containerPorts { context.listening(containerPort, bound) }
                }
                // The node returned: it was stopped (cancellation), so stop following its readiness too.
                throw CancellationError()
            }
            group.addTask {
                var last = false
                while !Task.isCancelled {
                    let serving = cluster.model.brokers[nodeId]?.isServing ?? false
                    if serving != last {
                        context.setReady(serving)
                        last = serving
                    }
                    try await Task.sleep(for: Self.readinessInterval)
                }
            }
        }
    }
}
