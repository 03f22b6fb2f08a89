import KubernetesCore
import KubernetesModels

/// Every object the operator wants to exist for one cluster, typed, in apply order: what the reconciler
/// applies and what `capstan render` prints.
public struct KafkaClusterDesiredState: Sendable {
    public var serviceAccount: CoreV1.ServiceAccount
    /// Headless, bootstrap and external bootstrap Services.
    public var services: [CoreV1.Service]
    public var podDisruptionBudget: PolicyV1.PodDisruptionBudget
    public var networkPolicy: NetworkingV1.NetworkPolicy
    /// Per node, ordered by node id (controllers are not necessarily first: the reconciler orders creation).
    public var nodes: [KafkaNodeObjects]
    /// What status.listeners should say.
    public var listeners: [ListenerStatus]

    /// Builds the desired state. Pure: same inputs, same objects, byte for byte.
    public init(topology: KafkaClusterTopology, context: KafkaClusterBuildContext) {
        serviceAccount = topology.serviceAccount()
        services = [topology.headlessService(), topology.bootstrapService()] + topology.externalBootstrapServices()
        podDisruptionBudget = topology.podDisruptionBudget()
        networkPolicy = topology.networkPolicy()
        nodes = topology.nodes.map { topology.nodeObjects(for: $0, context: context) }
        listeners = topology.listenerStatuses()
    }

    /// Every object, cluster-wide ones first, then per node: ConfigMap, claims, per-node Services, Pod.
    public var allObjects: [any Resource] {
        var objects: [any Resource] = [serviceAccount]
        objects += services as [any Resource]
        objects.append(podDisruptionBudget)
        objects.append(networkPolicy)
        for node in nodes {
            objects.append(node.configMap)
            objects += node.claims as [any Resource]
            objects += node.services as [any Resource]
            objects.append(node.pod)
        }
        return objects
    }
}
