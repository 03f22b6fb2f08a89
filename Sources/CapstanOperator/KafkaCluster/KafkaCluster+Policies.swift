import KubernetesCore
import KubernetesModels

extension KafkaClusterTopology {
    /// The ServiceAccount of the node Pods. Kafka needs no Kubernetes API access, so no token is mounted.
    public func serviceAccount() -> CoreV1.ServiceAccount {
        CoreV1.ServiceAccount(
            metadata: metadata(name: naming.serviceAccount, labels: naming.clusterLabels), automountServiceAccountToken: false)
    }

    /// At most one node of the cluster voluntarily disrupted at a time (node drains, cluster autoscaler):
    /// the operator's own restarts are gated separately, by Kafka's state.
    public func podDisruptionBudget() -> PolicyV1.PodDisruptionBudget {
        PolicyV1.PodDisruptionBudget(
            metadata: metadata(name: naming.podDisruptionBudget, labels: naming.clusterLabels),
            spec: PolicyV1.PodDisruptionBudgetSpec(
                maxUnavailable: .int(1), selector: LabelSelector(matchLabels: naming.nodeSelector),
                // A Pod that is not ready serves nothing; evicting it must not be blocked by the budget.
                unhealthyPodEvictionPolicy: "AlwaysAllow"))
    }

    /// Labels of the operator's Pods, allowed to reach the quorum and replication ports for admin calls.
    public static let operatorPodLabels = [CapstanLabel.name: "capstan-operator"]

    /// Only the cluster's own nodes and the operator reach the CONTROLLER and REPLICATION ports; client
    /// listeners (and JMX when enabled) are open to any client.
    public func networkPolicy() -> NetworkingV1.NetworkPolicy {
        let internalPorts = [Self.controllerPort, Self.replicationPort].map {
            NetworkingV1.NetworkPolicyPort(port: .int($0), protocol: "TCP")
        }
        let peers = [
            NetworkingV1.NetworkPolicyPeer(podSelector: LabelSelector(matchLabels: naming.nodeSelector)),
            NetworkingV1.NetworkPolicyPeer(
                namespaceSelector: LabelSelector(), podSelector: LabelSelector(matchLabels: Self.operatorPodLabels)),
        ]
        var clientPorts = spec.effectiveListeners.map { NetworkingV1.NetworkPolicyPort(port: .int($0.port), protocol: "TCP") }
        if spec.metricsEnabled {
            clientPorts.append(NetworkingV1.NetworkPolicyPort(port: .int(MetricsExporter.jmxPort), protocol: "TCP"))
        }
        return NetworkingV1.NetworkPolicy(
            metadata: metadata(name: naming.networkPolicy, labels: naming.clusterLabels),
            spec: NetworkingV1.NetworkPolicySpec(
                ingress: [
                    NetworkingV1.NetworkPolicyIngressRule(from: peers, ports: internalPorts),
                    NetworkingV1.NetworkPolicyIngressRule(ports: clientPorts),
                ],
                podSelector: LabelSelector(matchLabels: naming.nodeSelector),
                policyTypes: ["Ingress"]))
    }
}
