import KubernetesCore

/// `capstan render`: the objects the operator would create for the KafkaClusters and KafkaNodePools of a
/// manifest, computed offline with the same builders the reconciler uses.
public struct OfflineRender: Sendable {
    /// Every object, cluster by cluster.
    public var objects: [any Resource]
    /// Warnings from validation (config keys Kafka does not know, ...).
    public var warnings: [ValidationIssue]
    /// Facts about the rendering the user should know (derived cluster ids, missing owner uids, ignored documents).
    public var notes: [String]

    /// Renders a manifest stream (YAML or JSON, one or more documents).
    ///
    /// Throws `ManifestError` for documents that cannot be read and `InvalidResourceError` for resources
    /// that fail validation; both name the field and the fix.
    public init(manifest: String, facts: KafkaConfigFacts? = nil) throws {
        var clusters: [KafkaCluster] = []
        var pools: [KafkaNodePool] = []
        var notes: [String] = []
        for document in try Manifests.documents(in: manifest) {
            switch (document.apiVersion, document.kind) {
            case (KafkaCluster.apiVersion, KafkaCluster.kind):
                try document.checkKnownFields(against: KafkaCluster.customResourceDefinition)
                clusters.append(try document.decode(KafkaCluster.self))
            case (KafkaNodePool.apiVersion, KafkaNodePool.kind):
                try document.checkKnownFields(against: KafkaNodePool.customResourceDefinition)
                pools.append(try document.decode(KafkaNodePool.self))
            case (_, KafkaCluster.kind), (_, KafkaNodePool.kind):
                throw ManifestError(
                    document: document.index, kind: document.kind, name: document.name, field: "apiVersion",
                    message: "'\(document.apiVersion ?? "")' is not served by Capstan",
                    fix: "set apiVersion: \(KafkaCluster.apiVersion)")
            default:
                notes.append(
                    "document \(document.index) (\(document.kind ?? "no kind") \(document.name ?? "")) is not a KafkaCluster or KafkaNodePool; ignored")
            }
        }
        guard !clusters.isEmpty else {
            throw ManifestError(
                document: nil, kind: nil, name: nil, field: nil, message: "the manifest holds no KafkaCluster",
                fix: "add a KafkaCluster (apiVersion: \(KafkaCluster.apiVersion)); see examples/quickstart.yaml")
        }
        for pool in pools where !clusters.contains(where: { $0.metadata.name == pool.spec?.cluster }) {
            notes.append("KafkaNodePool \(pool.metadata.name ?? "") names cluster '\(pool.spec?.cluster ?? "")', which is not in this manifest; ignored")
        }
        var objects: [any Resource] = []
        var warnings: [ValidationIssue] = []
        for var cluster in clusters {
            if cluster.metadata.namespace == nil { cluster.metadata.namespace = "default" }
            let namespaced = pools.map { pool -> KafkaNodePool in
                var pool = pool
                if pool.metadata.namespace == nil { pool.metadata.namespace = "default" }
                return pool
            }
            let topology = try KafkaClusterTopology(cluster: cluster, pools: namespaced, facts: facts)
            warnings += topology.warnings
            let clusterId: String
            if let existing = cluster.status?.clusterId {
                clusterId = existing
            } else {
                clusterId = KafkaClusterId.derived(from: "\(topology.namespace)/\(topology.name)")
                notes.append("\(cluster.displayName): no status.clusterId, so the cluster id \(clusterId) is derived from the name; the operator generates a random one")
            }
            if cluster.metadata.uid == nil {
                notes.append("\(cluster.displayName): no metadata.uid (it was never created), so ownerReferences are left out")
            }
            let state = KafkaClusterDesiredState(topology: topology, context: KafkaClusterBuildContext(clusterId: clusterId))
            objects += state.allObjects
        }
        self.objects = objects
        self.warnings = warnings
        self.notes = notes
    }
}
