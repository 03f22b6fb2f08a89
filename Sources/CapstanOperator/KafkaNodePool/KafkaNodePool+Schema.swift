import KubernetesCore
import KubernetesModels

extension KafkaNodePoolSpec: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "The desired state of a node pool.",
            required: ["cluster", "roles", "replicas", "storage"],
            properties: [
                "cluster": Schema.string(
                    "Name of the KafkaCluster (same namespace) these nodes belong to. Cannot be changed.",
                    pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 40,
                    rules: [
                        Schema.rule(
                            "self == oldSelf",
                            message: "spec.cluster cannot change; create a new KafkaNodePool for the other cluster"),
                    ]),
                "roles": Schema.array(
                    "What the nodes do: controller (KRaft quorum), broker (data), or both (combined, for small clusters). Cannot change while nodes hold data.",
                    of: Schema.enumeration(NodeRole.self, ""), listType: .set, minItems: 1, maxItems: 2),
                "replicas": Schema.integer("Number of nodes (at least 1).", minimum: 1, maximum: 1000),
                "nodeIds": Schema.ref(
                    NodeIdPolicy.self,
                    "How node ids are chosen. Ids are stable and never reused while registered; by default the lowest free ids are taken."),
                "storage": Schema.ref(NodeStorage.self, "Persistent volumes of every node (one or more, JBOD)."),
                "resources": Schema.ref(ComputeResources.self, "CPU and memory of the Kafka container."),
                "template": Schema.ref(
                    PodTemplate.self, "Pod settings for this pool; overrides the cluster's spec.template field by field."),
            ],
            rules: [
                Schema.rule(
                    "!has(self.nodeIds) || !has(self.nodeIds.ids) || size(self.nodeIds.ids) >= self.replicas",
                    message: "spec.nodeIds.ids lists fewer ids than spec.replicas; add ids or lower replicas",
                    fieldPath: ".nodeIds.ids"),
                Schema.rule(
                    "!has(self.nodeIds) || !has(self.nodeIds.range) || self.nodeIds.range.end - self.nodeIds.range.start + 1 >= self.replicas",
                    message: "spec.nodeIds.range holds fewer ids than spec.replicas; widen the range or lower replicas",
                    fieldPath: ".nodeIds.range"),
            ])
    }
}

extension NodeIdPolicy: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "Which node ids a pool uses.",
            properties: [
                "ids": Schema.array(
                    "Explicit ids, used in this order as the pool grows (mutually exclusive with range).",
                    of: Schema.integer("", minimum: 0, maximum: 2_147_483_647), listType: .set, minItems: 1),
                "range": Schema.ref(
                    NodeIdRange.self,
                    "An id range the pool takes its ids from, lowest free first (mutually exclusive with ids)."),
            ],
            rules: [
                Schema.rule(
                    "!(has(self.ids) && has(self.range))",
                    message: "set either nodeIds.ids or nodeIds.range, not both"),
            ])
    }
}

extension NodeIdRange: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "An inclusive range of node ids.",
            required: ["start", "end"],
            properties: [
                "start": Schema.integer("First id of the range.", minimum: 0),
                "end": Schema.integer("Last id of the range (inclusive).", minimum: 0),
            ],
            rules: [
                Schema.rule("self.end >= self.start", message: "nodeIds.range.end must not be below nodeIds.range.start")
            ])
    }
}

extension NodeStorage: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "The persistent storage of each node.",
            required: ["volumes"],
            properties: [
                "volumes": Schema.array(
                    "One PersistentVolumeClaim per volume per node; brokers spread partitions over them (JBOD). The first holds the KRaft metadata log.",
                    of: StorageVolume.openAPISchema, listType: .map, mapKeys: ["id"], minItems: 1, maxItems: 16),
                "deleteClaim": Schema.enumeration(
                    ClaimDeletePolicy.self,
                    "What happens to a node's PersistentVolumeClaims when the node or the cluster is deleted: keep (default; data survives) or delete.",
                    default: .keep),
            ])
    }
}

extension StorageVolume: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "One persistent volume of a node.",
            required: ["id", "size"],
            properties: [
                "id": Schema.integer(
                    "Volume id (0-99), unique in the pool; it names the claim (data-<id>) and the mount (/var/lib/kafka/data-<id>).",
                    minimum: 0, maximum: 99),
                "size": Schema.quantity(
                    "Requested size, e.g. 100Gi. It can grow (if the storage class allows expansion) but never shrink.",
                    rules: [
                        Schema.rule(
                            "quantity(self).compareTo(quantity(oldSelf)) >= 0",
                            message: "a volume cannot shrink (Kubernetes cannot reduce a PersistentVolumeClaim); set size back to at least its current value",
                            reason: "FieldValueForbidden"),
                    ]),
                "storageClassName": Schema.string(
                    "StorageClass of the claim; the cluster default when absent. Cannot be changed.",
                    rules: [
                        Schema.rule(
                            "self == oldSelf",
                            message: "the storage class of an existing volume cannot change; add a volume with a new id instead"),
                    ]),
            ],
            rules: [
                Schema.rule(
                    "quantity(self.size).isGreaterThan(quantity('0'))",
                    message: "size must be greater than zero, e.g. 10Gi", fieldPath: ".size"),
            ])
    }
}

extension KafkaNodePoolStatus: CustomResourceSchema {
    public static var openAPISchema: Schema.Props {
        Schema.object(
            "What the operator observed about a node pool.",
            properties: [
                "observedGeneration": Schema.observedGeneration,
                "conditions": Schema.statusConditions,
                "nodeIds": Schema.array(
                    "The node ids allocated to this pool, in allocation order. The operator keeps them stable.",
                    of: Schema.integer(""), listType: .atomic),
                "replicas": Schema.integer("Number of nodes that exist (the scale subresource's status.replicas)."),
                "labelSelector": Schema.string("Label selector of the pool's Pods, for the scale subresource."),
            ])
    }
}
