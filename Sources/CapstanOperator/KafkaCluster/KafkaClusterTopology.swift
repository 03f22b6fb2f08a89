import KubernetesCore

/// One Kafka node the operator runs: its id, pool and roles.
public struct KafkaNode: Sendable, Hashable {
    public var id: Int32
    public var pool: KafkaNodePool
    /// Sorted: `[broker]`, `[controller]` or `[broker, controller]`.
    public var roles: [NodeRole]

    public var poolName: String { pool.metadata.name ?? "" }
    public var isController: Bool { roles.contains(.controller) }
    public var isBroker: Bool { roles.contains(.broker) }
    /// `broker`, `controller` or `combined`, for the role label.
    public var roleName: String {
        isController && isBroker ? "combined" : (isController ? "controller" : "broker")
    }
}

/// A cluster with its pools and the node ids they hold: the validated input of every builder.
///
/// Building it is where the cross-object rules are enforced (an odd number of controllers, at least one
/// broker, no id shared by two pools), because no single object's schema can see them.
public struct KafkaClusterTopology: Sendable {
    public var cluster: KafkaCluster
    /// The cluster's pools, controller pools first, then by name (the order node ids are allocated in).
    public var pools: [KafkaNodePool]
    /// Every node, ordered by id.
    public var nodes: [KafkaNode]
    /// Warnings found while validating (errors make `init` throw).
    public var warnings: [ValidationIssue]

    public var spec: KafkaClusterSpec { cluster.spec ?? KafkaClusterSpec() }
    public var name: String { cluster.metadata.name ?? "" }
    public var namespace: String { cluster.metadata.namespace ?? "default" }
    public var controllers: [KafkaNode] { nodes.filter(\.isController) }
    public var brokers: [KafkaNode] { nodes.filter(\.isBroker) }

    /// Validates the cluster and the pools that name it (others are ignored) and allocates node ids.
    ///
    /// - Parameters:
    ///   - registeredNodeIds: ids Kafka still has registered (or that still hold data); never given to a new node.
    ///   - facts: Kafka's config facts, when available, to warn about unknown config keys.
    public init(
        cluster: KafkaCluster, pools allPools: [KafkaNodePool], registeredNodeIds: Set<Int32> = [],
        facts: KafkaConfigFacts? = nil
    ) throws(InvalidResourceError) {
        let pools = Self.pools(of: cluster, in: allPools)
        let issues = Self.validate(cluster: cluster, pools: pools, facts: facts)
        guard issues.isAcceptable else {
            throw InvalidResourceError(resource: cluster.displayName, issues: issues)
        }
        let requests = pools.map { pool in
            NodeIdRequest(
                pool: pool.metadata.name ?? "", replicas: Int(pool.spec?.replicas ?? 0), policy: pool.spec?.nodeIds,
                current: pool.status?.nodeIds ?? [])
        }
        let assigned: [String: [Int32]]
        do {
            assigned = try NodeIdAllocator.allocate(requests, registered: registeredNodeIds)
        } catch {
            throw InvalidResourceError(
                resource: cluster.displayName,
                issues: [ValidationIssue.error("spec.nodeIds", error.message, fix: error.fix).about("KafkaNodePool \(error.pool)")])
        }
        var nodes: [KafkaNode] = []
        for pool in pools {
            let roles = Array(Set(pool.spec?.roles ?? [])).sorted()
            for id in assigned[pool.metadata.name ?? ""] ?? [] {
                nodes.append(KafkaNode(id: id, pool: pool, roles: roles))
            }
        }
        self.cluster = cluster
        self.pools = pools
        self.nodes = nodes.sorted { $0.id < $1.id }
        self.warnings = issues.warnings
    }

    /// The pools that name `cluster` (same namespace), controller pools first, then by name.
    public static func pools(of cluster: KafkaCluster, in pools: [KafkaNodePool]) -> [KafkaNodePool] {
        pools.filter {
            $0.spec?.cluster == cluster.metadata.name
                && ($0.metadata.namespace ?? "default") == (cluster.metadata.namespace ?? "default")
        }
        .sorted { left, right in
            let leftController = left.spec?.isController ?? false
            let rightController = right.spec?.isController ?? false
            if leftController != rightController { return leftController }
            return (left.metadata.name ?? "") < (right.metadata.name ?? "")
        }
    }

    /// Every issue of the cluster, its pools, and the rules that span them.
    public static func validate(cluster: KafkaCluster, pools: [KafkaNodePool], facts: KafkaConfigFacts? = nil) -> [ValidationIssue] {
        var issues = cluster.validate(facts: facts).about(cluster.displayName)
        for pool in pools {
            issues += pool.validate().about(pool.displayName)
        }
        guard issues.isAcceptable else { return issues }
        let clusterName = cluster.metadata.name ?? ""
        if pools.isEmpty {
            return issues + [
                ValidationIssue.error(
                    "spec.cluster", "no KafkaNodePool names cluster '\(clusterName)', so it has no nodes",
                    fix: "create KafkaNodePools with spec.cluster: \(clusterName) (at least one controller and one broker pool)"
                ).about("KafkaNodePool")
            ]
        }
        let controllerPools = pools.filter { $0.spec?.isController ?? false }
        let controllers = controllerPools.reduce(0) { $0 + Int($1.spec?.replicas ?? 0) }
        if controllers == 0 {
            issues.append(
                ValidationIssue.error(
                    "spec.roles", "no pool of cluster '\(clusterName)' has the controller role, so there is no KRaft quorum",
                    fix: "add controller to the roles of a pool, or create a controller pool with 3 replicas"
                ).about("KafkaNodePool"))
        } else if controllers % 2 == 0 {
            let pool = controllerPools[0]
            issues.append(
                ValidationIssue.error(
                    "spec.replicas",
                    "the controller pools of cluster '\(clusterName)' have \(controllers) controllers in all; a KRaft quorum needs an odd number (an even one tolerates no more failures than one fewer and can split its vote)",
                    fix: "use \(controllers - 1) or \(controllers + 1) controllers across the controller pools"
                ).about(pool.displayName))
        }
        if !pools.contains(where: { $0.spec?.isBroker ?? false }) {
            issues.append(
                ValidationIssue.error(
                    "spec.roles", "no pool of cluster '\(clusterName)' has the broker role, so no node can hold data",
                    fix: "add broker to the roles of a pool, or create a broker pool"
                ).about("KafkaNodePool"))
        }
        issues += overlappingIds(pools)
        let brokers = pools.filter { $0.spec?.isBroker ?? false }.reduce(0) { $0 + Int($1.spec?.replicas ?? 0) }
        issues += replicationWarnings(cluster: cluster, brokers: brokers)
        return issues
    }

    private static func overlappingIds(_ pools: [KafkaNodePool]) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        for (index, pool) in pools.enumerated() {
            for other in pools[(index + 1)...] {
                guard let mine = pool.spec?.nodeIds, let theirs = other.spec?.nodeIds, overlap(mine, theirs) else { continue }
                issues.append(
                    ValidationIssue.error(
                        "spec.nodeIds", "the node ids of this pool overlap those of pool '\(other.metadata.name ?? "")'",
                        fix: "give each pool its own ids or range"
                    ).about(pool.displayName))
            }
        }
        return issues
    }

    private static func overlap(_ left: NodeIdPolicy, _ right: NodeIdPolicy) -> Bool {
        func contains(_ policy: NodeIdPolicy, _ id: Int32) -> Bool {
            if let ids = policy.ids { return ids.contains(id) }
            if let range = policy.range { return range.start <= id && id <= range.end }
            return false
        }
        if let ids = left.ids { return ids.contains { contains(right, $0) } }
        if let ids = right.ids { return ids.contains { contains(left, $0) } }
        if let a = left.range, let b = right.range { return a.start <= b.end && b.start <= a.end }
        return false
    }

    private static func replicationWarnings(cluster: KafkaCluster, brokers: Int) -> [ValidationIssue] {
        guard let config = cluster.spec?.config else { return [] }
        var issues: [ValidationIssue] = []
        let replication = config["default.replication.factor"].flatMap { Int($0) }
        if let replication, replication > brokers {
            issues.append(
                .warning(
                    "spec.config[default.replication.factor]",
                    "replication factor \(replication) is more than the \(brokers) broker(s): topic creation with the default will fail",
                    fix: "lower it to at most \(brokers) or add brokers"))
        }
        if let minISR = config["min.insync.replicas"].flatMap({ Int($0) }), minISR >= (replication ?? min(3, brokers)) {
            issues.append(
                .warning(
                    "spec.config[min.insync.replicas]",
                    "min.insync.replicas \(minISR) is not below the replication factor: producers with acks=all stop whenever one broker restarts",
                    fix: "set min.insync.replicas to replication factor - 1 (e.g. 2 with 3 replicas)"))
        }
        return issues.about(cluster.displayName)
    }
}
