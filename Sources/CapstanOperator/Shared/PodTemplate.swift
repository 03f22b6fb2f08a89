import KubernetesCore
import KubernetesModels

/// Pod-level settings for Kafka node Pods. Set on a KafkaCluster for every pool; a KafkaNodePool's own
/// template overrides it field by field (labels and annotations are merged, the pool's winning).
public struct PodTemplate: Codable, Sendable, Hashable {
    /// Extra labels on every node Pod (Capstan's own `app.kubernetes.io/*` and `kafka.capstan.dev/*` labels cannot be overridden).
    public var labels: [String: String]?
    /// Extra annotations on every node Pod, e.g. for a service mesh or a log collector.
    public var annotations: [String: String]?
    /// Scheduling constraints (a core/v1 Affinity). Without one, Capstan spreads nodes over the rack topology key.
    public var affinity: CoreV1.Affinity?
    /// Taints the node Pods tolerate (core/v1 Tolerations).
    public var tolerations: [CoreV1.Toleration]?
    /// Node labels a node must have to run the Pods.
    public var nodeSelector: [String: String]?
    /// The PriorityClass of the Pods; brokers usually deserve a high one.
    public var priorityClassName: String?

    public init(
        labels: [String: String]? = nil, annotations: [String: String]? = nil, affinity: CoreV1.Affinity? = nil,
        tolerations: [CoreV1.Toleration]? = nil, nodeSelector: [String: String]? = nil,
        priorityClassName: String? = nil
    ) {
        self.labels = labels
        self.annotations = annotations
        self.affinity = affinity
        self.tolerations = tolerations
        self.nodeSelector = nodeSelector
        self.priorityClassName = priorityClassName
    }

    /// This template with `override`'s fields taking precedence (maps merged key by key).
    public func overridden(by override: PodTemplate?) -> PodTemplate {
        guard let override else { return self }
        return PodTemplate(
            labels: merged(labels, override.labels),
            annotations: merged(annotations, override.annotations),
            affinity: override.affinity ?? affinity,
            tolerations: override.tolerations ?? tolerations,
            nodeSelector: merged(nodeSelector, override.nodeSelector),
            priorityClassName: override.priorityClassName ?? priorityClassName)
    }

    private func merged(_ base: [String: String]?, _ over: [String: String]?) -> [String: String]? {
        guard let over else { return base }
        return (base ?? [:]).merging(over) { _, new in new }
    }
}

extension PodTemplate: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "Pod-level settings for Kafka node Pods.",
            properties: [
                "labels": Schema.map(
                    "Extra labels on every node Pod (Capstan's own app.kubernetes.io/* and kafka.capstan.dev/* labels cannot be overridden).",
                    of: Schema.string("")),
                "annotations": Schema.map(
                    "Extra annotations on every node Pod, e.g. for a service mesh or a log collector.",
                    of: Schema.string("")),
                "affinity": Schema.embedded(
                    "Scheduling constraints (a core/v1 Affinity). Without one, Capstan spreads nodes over the rack topology key."),
                "tolerations": Schema.array(
                    "Taints the node Pods tolerate (core/v1 Tolerations).",
                    of: Schema.embedded("A core/v1 Toleration.")),
                "nodeSelector": Schema.map("Node labels a node must have to run the Pods.", of: Schema.string("")),
                "priorityClassName": Schema.string(
                    "The PriorityClass of the Pods; brokers usually deserve a high one.", maxLength: 253),
            ])
    }
}

/// CPU and memory for a Kafka container.
public struct ComputeResources: Codable, Sendable, Hashable {
    /// What the scheduler reserves for the container, e.g. `{cpu: 500m, memory: 2Gi}`.
    public var requests: [String: Quantity]?
    /// The most the container may use; memory over the limit kills it.
    public var limits: [String: Quantity]?

    public init(requests: [String: Quantity]? = nil, limits: [String: Quantity]? = nil) {
        self.requests = requests
        self.limits = limits
    }

    /// The core/v1 form for a container.
    public var coreV1: CoreV1.ResourceRequirements {
        CoreV1.ResourceRequirements(limits: limits, requests: requests)
    }
}

extension ComputeResources: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "CPU and memory for a Kafka container.",
            properties: [
                "requests": Schema.map(
                    "What the scheduler reserves for the container, e.g. {cpu: 500m, memory: 2Gi}.",
                    of: Schema.quantity("")),
                "limits": Schema.map(
                    "The most the container may use; memory over the limit kills it.", of: Schema.quantity("")),
            ])
    }
}
