import CapstanOperator
import KubernetesCore
import KubernetesModels
import Testing

/// Every stored property of every custom-resource type has a schema property of the same name and vice
/// versa, recursively: the CRD cannot drift from the Swift types.
@Suite struct SchemaDriftTests {
    /// A value of every type with every optional set, so the walk reaches every nested type.
    static let fullCluster = KafkaClusterSpec(
        version: "4.1.0", image: "apache/kafka:4.1.0", metadataVersion: "4.1-IV1",
        listeners: [KafkaListener(name: "plain", port: 9092, type: .internal, tls: true, authentication: ListenerAuthentication(type: .tls))],
        config: ["num.partitions": "3"], rack: RackTopology(topologyKey: "topology.kubernetes.io/zone"),
        metrics: MetricsExporter(enabled: true),
        template: PodTemplate(
            labels: ["a": "b"], annotations: ["a": "b"], affinity: CoreV1.Affinity(), tolerations: [CoreV1.Toleration()],
            nodeSelector: ["a": "b"], priorityClassName: "high"))

    static let fullClusterStatus = KafkaClusterStatus(
        observedGeneration: 1,
        conditions: [Condition(type: "Ready", status: .true, lastTransitionTime: Time(secondsSinceEpoch: 0), reason: "R", message: "m")],
        clusterId: "x", kafkaVersion: "4.1.0", metadataVersion: "4.1-IV1",
        listeners: [ListenerStatus(name: "plain", type: .internal, bootstrapServers: "a:1")],
        nodes: [NodeStatus(id: 0, pool: "p", roles: [.broker], podPhase: "Running", registered: true)],
        readyBrokers: 3, controllers: 3)

    static let fullPool = KafkaNodePoolSpec(
        cluster: "demo", roles: [.broker], replicas: 3,
        nodeIds: NodeIdPolicy(ids: [1], range: NodeIdRange(start: 0, end: 9)),
        storage: NodeStorage(volumes: [StorageVolume(id: 0, size: Quantity(integer: 1), storageClassName: "fast")], deleteClaim: .keep),
        resources: ComputeResources(requests: ["cpu": Quantity(milli: 100)], limits: ["memory": Quantity(integer: 1)]),
        template: fullCluster.template)

    static let fullPoolStatus = KafkaNodePoolStatus(
        observedGeneration: 1,
        conditions: [Condition(type: "Ready", status: .true, lastTransitionTime: Time(secondsSinceEpoch: 0), reason: "R", message: "m")],
        nodeIds: [1], replicas: 1, labelSelector: "a=b")

    static let cases: [String: (any CustomResourceSchema, ApiextensionsV1.JSONSchemaProps)] = [
        "KafkaClusterSpec": (fullCluster, KafkaClusterSpec.openAPISchema),
        "KafkaClusterStatus": (fullClusterStatus, KafkaClusterStatus.openAPISchema),
        "KafkaNodePoolSpec": (fullPool, KafkaNodePoolSpec.openAPISchema),
        "KafkaNodePoolStatus": (fullPoolStatus, KafkaNodePoolStatus.openAPISchema),
    ]

    @Test(arguments: ["KafkaClusterSpec", "KafkaClusterStatus", "KafkaNodePoolSpec", "KafkaNodePoolStatus"])
    func swiftFieldsAndSchemaPropertiesMatch(_ name: String) throws {
        let (value, schema) = try #require(Self.cases[name])
        var problems: [String] = []
        Self.walk(value, schema: schema, path: name, problems: &problems)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func theWalkCatchesAFieldMissingFromTheSchema() {
        // Guard against a walk that passes vacuously: drop a property and the test must notice.
        var schema = KafkaNodePoolSpec.openAPISchema
        schema.properties?["replicas"] = nil
        var problems: [String] = []
        Self.walk(Self.fullPool, schema: schema, path: "KafkaNodePoolSpec", problems: &problems)
        #expect(problems == ["KafkaNodePoolSpec.replicas: Swift field has no schema property"])
    }

    /// Compares one value's stored properties with its schema's properties, then descends into nested types.
    static func walk(_ value: Any, schema: ApiextensionsV1.JSONSchemaProps, path: String, problems: inout [String]) {
        let mirror = Mirror(reflecting: value)
        let fields = mirror.children.compactMap(\.label)
        let properties = Set(schema.properties?.keys.map { $0 } ?? [])
        if value is KafkaConfigOverrides {
            // A map with open values: the schema is an open object on purpose.
            if schema.xKubernetesPreserveUnknownFields != true { problems.append("\(path): config must preserve unknown fields") }
            return
        }
        for field in fields where !properties.contains(field) {
            problems.append("\(path).\(field): Swift field has no schema property")
        }
        for property in properties where !fields.contains(property) {
            problems.append("\(path).\(property): schema property has no Swift field")
        }
        for child in mirror.children {
            guard let label = child.label, let propertySchema = schema.properties?[label] else { continue }
            if propertySchema.description?.isEmpty ?? true {
                problems.append("\(path).\(label): schema property has no description")
            }
            guard let unwrapped = unwrap(child.value) else {
                problems.append("\(path).\(label): the test value leaves this field nil; set it so the walk covers it")
                continue
            }
            if let array = unwrapped as? [Any] {
                guard let first = array.first else { continue }
                if first is any CustomResourceSchema, case .schema(let items)? = propertySchema.items {
                    walk(first, schema: items, path: "\(path).\(label)[0]", problems: &problems)
                }
            } else if unwrapped is any CustomResourceSchema {
                walk(unwrapped, schema: propertySchema, path: "\(path).\(label)", problems: &problems)
            }
        }
    }

    static func unwrap(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { unwrap($0.value) } ?? nil
    }

    @Test func everySchemaNodeIsStructural() {
        // A structural schema needs a type on every node, except where x-kubernetes-preserve-unknown-fields
        // or x-kubernetes-int-or-string stands in for it.
        var problems: [String] = []
        for crd in CapstanCustomResourceDefinitions.all {
            guard let root = crd.spec?.versions.first?.schema?.openAPIV3Schema else {
                problems.append("\(crd.metadata.name ?? ""): no schema")
                continue
            }
            Self.checkStructural(root, path: crd.spec?.names.kind ?? "", problems: &problems)
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    static func checkStructural(_ schema: ApiextensionsV1.JSONSchemaProps, path: String, problems: inout [String]) {
        if schema.type == nil && schema.xKubernetesPreserveUnknownFields != true && schema.xKubernetesIntOrString != true {
            problems.append("\(path): no type")
        }
        if schema.xKubernetesListType == "map" && (schema.xKubernetesListMapKeys ?? []).isEmpty {
            problems.append("\(path): list-type map without map keys")
        }
        if let keys = schema.xKubernetesListMapKeys, case .schema(let items)? = schema.items {
            for key in keys where !(items.required ?? []).contains(key) {
                problems.append("\(path): map key \(key) must be required in the items")
            }
        }
        for (name, property) in schema.properties ?? [:] {
            checkStructural(property, path: "\(path).\(name)", problems: &problems)
        }
        if case .schema(let items)? = schema.items { checkStructural(items, path: "\(path)[]", problems: &problems) }
        if case .schema(let values)? = schema.additionalProperties { checkStructural(values, path: "\(path){}", problems: &problems) }
    }
}
