import KubernetesCore

/// Finds spec changes the operator refuses to carry out, by comparing each pool's spec with the objects
/// that exist (never with a remembered old spec, which an operator restart or a recreated pool would
/// lose), and returns the pools with those changes reverted to what exists, so the rest of the spec is
/// still applied and the refused part of the running cluster is left alone.
///
/// Refused (the safe paths need draining and quorum changes, which come with the day-2 operations):
/// - shrinking a volume (Kubernetes cannot shrink a PersistentVolumeClaim, and the data would not fit);
/// - changing the roles of a pool whose nodes hold data (a broker's partitions or a controller's
///   metadata log would be stranded);
/// - lowering `replicas` below the nodes that exist (removing a node without draining loses replicas).
struct UnsafeChangeGuard: Sendable {
    /// The pools to build from: refused changes reverted, and each pool's `status.nodeIds` completed with
    /// the ids of nodes that exist, so ids stay stable even if the pool was deleted and recreated.
    var effectivePools: [KafkaNodePool]
    /// One issue per refused change, naming the field and the fix.
    var refusals: [ValidationIssue]

    init(pools: [KafkaNodePool], observed: ObservedClusterObjects, naming: KafkaClusterNaming) {
        var effective: [KafkaNodePool] = []
        var refusals: [ValidationIssue] = []
        for var pool in pools {
            guard var spec = pool.spec, let poolName = pool.metadata.name else {
                effective.append(pool)
                continue
            }
            let existing = observed.existingNodeIds(pool: poolName)
            let allocated = pool.status?.nodeIds ?? []
            let current = allocated + existing.subtracting(allocated).sorted()

            if let roles = observed.observedRoles(pool: poolName), Set(roles) != Set(spec.roles) {
                refusals.append(
                    ValidationIssue.error(
                        "spec.roles",
                        "nodes \(Self.list(existing.sorted())) hold data as \(Self.roles(roles)); changing the pool's roles to \(Self.roles(spec.roles)) is refused and the nodes keep their roles",
                        fix: "set spec.roles back to \(Self.roles(roles)), or create a new pool with the new roles (moving data off this pool safely comes with the day-2 operations)"
                    ).about(pool.displayName))
                spec.roles = roles
            }

            if existing.count > Int(spec.replicas) {
                refusals.append(
                    ValidationIssue.error(
                        "spec.replicas",
                        "the pool has \(existing.count) nodes (\(Self.list(existing.sorted()))); scaling down to \(spec.replicas) is refused because removing a node without draining it first loses its partition replicas, so every node is kept",
                        fix: "set spec.replicas back to \(existing.count) (safe scale-down, which drains the nodes first, comes with the day-2 operations)"
                    ).about(pool.displayName))
                spec.replicas = Int32(existing.count)
            }

            for (index, volume) in spec.storage.volumes.enumerated() {
                let sizes = current.compactMap { id in
                    observed.claimSize(volume: volume.id, podName: naming.podName(pool: poolName, nodeId: id), naming: naming)
                }
                guard let largest = sizes.max(), largest > volume.size else { continue }
                refusals.append(
                    ValidationIssue.error(
                        "spec.storage.volumes[\(index)].size",
                        "volume \(volume.id) is \(largest) on the existing claims; shrinking it to \(volume.size) is refused (a PersistentVolumeClaim cannot shrink) and the claims are left as they are",
                        fix: "set spec.storage.volumes[\(index)].size to at least \(largest)"
                    ).about(pool.displayName))
                spec.storage.volumes[index].size = largest
            }

            pool.spec = spec
            if !current.isEmpty {
                var status = pool.status ?? KafkaNodePoolStatus()
                status.nodeIds = current
                pool.status = status
            }
            effective.append(pool)
        }
        self.effectivePools = effective
        self.refusals = refusals
    }

    private static func list(_ ids: [Int32]) -> String { ids.map(String.init).joined(separator: ", ") }
    private static func roles(_ roles: [NodeRole]) -> String { "[" + roles.sorted().map(\.rawValue).joined(separator: ", ") + "]" }
}
