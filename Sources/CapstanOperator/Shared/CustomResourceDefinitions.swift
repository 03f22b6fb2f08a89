import KubernetesCore
import KubernetesModels

/// Builds a CustomResourceDefinition from a resource type and its spec/status schemas.
struct CustomResourceDefinitionBuilder {
    var kind: String
    var plural: String
    var singular: String
    var shortNames: [String]
    var spec: Schema.Props
    var specRequired: Bool
    var status: Schema.Props
    var rootRules: [ApiextensionsV1.ValidationRule]
    var printerColumns: [ApiextensionsV1.CustomResourceColumnDefinition]
    var scale: ApiextensionsV1.CustomResourceSubresourceScale?

    func build() -> ApiextensionsV1.CustomResourceDefinition {
        let root = Schema.object(
            "\(kind) of \(CapstanAPI.group). See docs/kafka-cluster.md.",
            required: specRequired ? ["spec"] : [],
            properties: [
                "apiVersion": Schema.string("The versioned schema of this object: \(CapstanAPI.group)/\(CapstanAPI.version)."),
                "kind": Schema.string("The kind of this object: \(kind)."),
                "metadata": Schema.Props(type: "object"),
                "spec": spec,
                "status": status,
            ],
            rules: rootRules)
        let version = ApiextensionsV1.CustomResourceDefinitionVersion(
            additionalPrinterColumns: printerColumns,
            name: CapstanAPI.version,
            schema: ApiextensionsV1.CustomResourceValidation(openAPIV3Schema: root),
            served: true,
            storage: true,
            subresources: ApiextensionsV1.CustomResourceSubresources(
                scale: scale, status: ApiextensionsV1.CustomResourceSubresourceStatus()))
        return ApiextensionsV1.CustomResourceDefinition(
            metadata: ObjectMeta(
                name: "\(plural).\(CapstanAPI.group)",
                labels: [CapstanLabel.partOf: "capstan", CapstanLabel.managedBy: "capstan"]),
            spec: ApiextensionsV1.CustomResourceDefinitionSpec(
                group: CapstanAPI.group,
                names: ApiextensionsV1.CustomResourceDefinitionNames(
                    categories: CapstanAPI.categories, kind: kind, listKind: kind + "List", plural: plural,
                    shortNames: shortNames, singular: singular),
                scope: ResourceScope.namespaced.rawValue,
                versions: [version]))
    }

    /// A printer column.
    static func column(
        _ name: String, _ type: String, _ jsonPath: String, _ description: String, priority: Int32? = nil
    ) -> ApiextensionsV1.CustomResourceColumnDefinition {
        ApiextensionsV1.CustomResourceColumnDefinition(
            description: description, jsonPath: jsonPath, name: name, priority: priority, type: type)
    }

    static let readyColumn = column(
        "Ready", "string", #".status.conditions[?(@.type=="Ready")].status"#, "Whether every node is serving.")
    static let ageColumn = column("Age", "date", ".metadata.creationTimestamp", "Time since creation.")
}

/// Every CRD Capstan installs, in install order.
public enum CapstanCustomResourceDefinitions {
    public static var all: [ApiextensionsV1.CustomResourceDefinition] {
        [KafkaCluster.customResourceDefinition, KafkaNodePool.customResourceDefinition]
    }
}

/// Longest names that keep every derived name (`<cluster>-<pool>-<id>` Pods and their hostnames, Service
/// names, label values) within Kubernetes' 63-character limit.
public enum NameLimits {
    public static let cluster = 25
    public static let pool = 15
    /// DNS-1035 label: Service names derived from these must start with a letter.
    public static let pattern = "^[a-z]([-a-z0-9]*[a-z0-9])?$"

    static func rule(max: Int, what: String) -> ApiextensionsV1.ValidationRule {
        Schema.rule(
            "size(self.metadata.name) <= \(max) && self.metadata.name.matches('\(pattern)')",
            // No fieldPath: the schema does not describe metadata's fields, so the API server would refuse
            // a path into it; the message names the field instead.
            message: "metadata.name must be at most \(max) characters of lower case letters, digits and '-', starting with a letter (it is part of every \(what) object name)")
    }
}

extension KafkaCluster {
    /// The CRD of KafkaCluster, generated from the Swift types.
    public static var customResourceDefinition: ApiextensionsV1.CustomResourceDefinition {
        var spec = KafkaClusterSpec.openAPISchema
        // An empty spec is valid and gets every default; without this the defaults would not apply to `spec: {}`-less objects.
        spec.default = .object([:])
        return CustomResourceDefinitionBuilder(
            kind: kind, plural: plural, singular: "kafkacluster", shortNames: ["kc"],
            spec: spec, specRequired: false, status: KafkaClusterStatus.openAPISchema,
            rootRules: [NameLimits.rule(max: NameLimits.cluster, what: "Pod, Service and ConfigMap")],
            printerColumns: [
                CustomResourceDefinitionBuilder.readyColumn,
                CustomResourceDefinitionBuilder.column(
                    "Version", "string", ".status.kafkaVersion", "The Kafka version the nodes run."),
                CustomResourceDefinitionBuilder.column(
                    "Brokers", "integer", ".status.readyBrokers", "Brokers registered and unfenced."),
                CustomResourceDefinitionBuilder.column(
                    "Controllers", "integer", ".status.controllers", "Controllers in the quorum.", priority: 1),
                CustomResourceDefinitionBuilder.column(
                    "Cluster-ID", "string", ".status.clusterId", "The KRaft cluster id.", priority: 1),
                CustomResourceDefinitionBuilder.ageColumn,
            ],
            scale: nil
        ).build()
    }
}

extension KafkaNodePool {
    /// The CRD of KafkaNodePool, generated from the Swift types; `/scale` scales the pool.
    public static var customResourceDefinition: ApiextensionsV1.CustomResourceDefinition {
        CustomResourceDefinitionBuilder(
            kind: kind, plural: plural, singular: "kafkanodepool", shortNames: ["knp"],
            spec: KafkaNodePoolSpec.openAPISchema, specRequired: true, status: KafkaNodePoolStatus.openAPISchema,
            rootRules: [NameLimits.rule(max: NameLimits.pool, what: "node")],
            printerColumns: [
                CustomResourceDefinitionBuilder.column("Cluster", "string", ".spec.cluster", "The KafkaCluster."),
                CustomResourceDefinitionBuilder.column("Roles", "string", ".spec.roles", "The nodes' KRaft roles."),
                CustomResourceDefinitionBuilder.column("Replicas", "integer", ".spec.replicas", "Desired nodes."),
                CustomResourceDefinitionBuilder.readyColumn,
                CustomResourceDefinitionBuilder.column(
                    "Node-IDs", "string", ".status.nodeIds", "Allocated node ids.", priority: 1),
                CustomResourceDefinitionBuilder.ageColumn,
            ],
            scale: ApiextensionsV1.CustomResourceSubresourceScale(
                labelSelectorPath: ".status.labelSelector", specReplicasPath: ".spec.replicas",
                statusReplicasPath: ".status.replicas")
        ).build()
    }
}
