import KubernetesCore

/// Names and labels of the objects a cluster's builders create. Every name is derived, never stored, so
/// the reconciler, `render` and the docs agree.
public struct KafkaClusterNaming: Sendable, Hashable {
    public var cluster: String
    public var namespace: String

    public init(cluster: String, namespace: String) {
        self.cluster = cluster
        self.namespace = namespace
    }

    /// `<cluster>-<pool>-<id>`: the Pod, its ConfigMap and its hostname.
    public func podName(pool: String, nodeId: Int32) -> String { "\(cluster)-\(pool)-\(nodeId)" }
    /// `data-<volume>-<pod>`.
    public func claimName(volume: Int32, podName: String) -> String { "data-\(volume)-\(podName)" }
    /// The headless Service every node is registered in (stable DNS names, also before the node is ready).
    public var headlessService: String { "\(cluster)-nodes" }
    /// The ClusterIP Service clients of internal listeners bootstrap from.
    public var bootstrapService: String { "\(cluster)-bootstrap" }
    /// The bootstrap Service of an external listener.
    public func externalBootstrapService(listener: String) -> String { "\(cluster)-\(listener)-bootstrap" }
    /// The per-broker Service of an external listener.
    public func externalNodeService(podName: String, listener: String) -> String { "\(podName)-\(listener)" }
    public var serviceAccount: String { "\(cluster)-kafka" }
    public var podDisruptionBudget: String { "\(cluster)-kafka" }
    public var networkPolicy: String { "\(cluster)-kafka" }
    /// The Secret TLS listeners read their certificate from.
    public var tlsSecret: String { "\(cluster)-kafka-tls" }

    /// The node's stable DNS name through the headless Service.
    public func nodeHost(podName: String) -> String { "\(podName).\(headlessService).\(namespace).svc" }
    /// The DNS name of a Service in the cluster's namespace.
    public func serviceHost(_ service: String) -> String { "\(service).\(namespace).svc" }

    /// Labels every object of the cluster carries.
    public var clusterLabels: [String: String] {
        [
            CapstanLabel.name: "kafka",
            CapstanLabel.instance: cluster,
            CapstanLabel.partOf: "capstan",
            CapstanLabel.managedBy: "capstan",
            CapstanLabel.cluster: cluster,
        ]
    }

    /// Selects every node Pod of the cluster.
    public var nodeSelector: [String: String] {
        [CapstanLabel.name: "kafka", CapstanLabel.cluster: cluster]
    }

    /// Labels of one node's objects (Pod, ConfigMap, PVCs, per-node Services).
    public func nodeLabels(_ node: KafkaNode) -> [String: String] {
        var labels = clusterLabels
        labels[CapstanLabel.component] = node.roleName
        labels[CapstanLabel.pool] = node.poolName
        labels[CapstanLabel.nodeId] = String(node.id)
        labels[CapstanLabel.role] = node.roleName
        if node.isController { labels[CapstanLabel.controllerRole] = "true" }
        if node.isBroker { labels[CapstanLabel.brokerRole] = "true" }
        return labels
    }

    /// Selects one node's Pod.
    public func podSelector(_ node: KafkaNode) -> [String: String] {
        var labels = nodeSelector
        labels[CapstanLabel.nodeId] = String(node.id)
        return labels
    }

    /// `app.kubernetes.io/name=kafka,kafka.capstan.dev/cluster=x,kafka.capstan.dev/pool=y`: a pool's Pods, for the scale subresource.
    public func poolSelectorString(pool: String) -> String {
        var labels = nodeSelector
        labels[CapstanLabel.pool] = pool
        return labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
