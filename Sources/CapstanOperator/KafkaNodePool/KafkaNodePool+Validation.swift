import KubernetesCore

extension KafkaNodePool {
    /// Checks the pool on its own (the same rules as the CRD schema and its CEL rules).
    public func validate() -> [ValidationIssue] {
        var issues = NameLimits.validate(name: metadata.name, max: NameLimits.pool, kind: Self.kind)
        guard let spec else {
            return issues + [.error("spec", "the KafkaNodePool has no spec", fix: "add spec with cluster, roles, replicas and storage")]
        }
        issues += spec.validate().prefixed("spec.")
        return issues
    }

    /// Checks a change from `old` to this pool: the transitions the CRD's CEL rules refuse (volume shrink,
    /// storage class change, cluster change) plus role changes, which the reconciler refuses while nodes hold data.
    public func validateUpdate(from old: KafkaNodePool) -> [ValidationIssue] {
        guard let spec, let oldSpec = old.spec else { return [] }
        var issues: [ValidationIssue] = []
        if spec.cluster != oldSpec.cluster {
            issues.append(.error("spec.cluster", "a pool cannot move from cluster '\(oldSpec.cluster)' to '\(spec.cluster)'", fix: "set spec.cluster back to '\(oldSpec.cluster)' and create a new KafkaNodePool for the other cluster"))
        }
        if Set(spec.roles) != Set(oldSpec.roles) {
            issues.append(.error("spec.roles", "the roles of existing nodes cannot change (\(oldSpec.roles.map(\.rawValue).sorted().joined(separator: ",")) to \(spec.roles.map(\.rawValue).sorted().joined(separator: ","))): their data and quorum membership depend on them", fix: "set spec.roles back and create a new pool with the new roles, then scale this one down"))
        }
        let oldVolumes = Dictionary(oldSpec.storage.volumes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, volume) in spec.storage.volumes.enumerated() {
            guard let previous = oldVolumes[volume.id] else { continue }
            if volume.size < previous.size {
                issues.append(.error("spec.storage.volumes[\(index)].size", "volume \(volume.id) cannot shrink from \(previous.size) to \(volume.size): Kubernetes cannot reduce a PersistentVolumeClaim", fix: "set size back to at least \(previous.size)"))
            }
            if volume.storageClassName != previous.storageClassName {
                issues.append(.error("spec.storage.volumes[\(index)].storageClassName", "the storage class of volume \(volume.id) cannot change", fix: "set it back to \(previous.storageClassName ?? "unset") and add a volume with a new id instead"))
            }
        }
        let newIds = Set(spec.storage.volumes.map(\.id))
        for volume in oldSpec.storage.volumes where !newIds.contains(volume.id) {
            issues.append(.error("spec.storage.volumes", "volume \(volume.id) was removed, but its data is still on the nodes", fix: "put volume \(volume.id) back; removing a JBOD volume needs its partitions moved first (a later Capstan release)"))
        }
        return issues
    }
}

extension KafkaNodePoolSpec {
    func validate() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if cluster.isEmpty {
            issues.append(.error("cluster", "the pool names no KafkaCluster", fix: "set cluster to the name of a KafkaCluster in the same namespace"))
        }
        if roles.isEmpty {
            issues.append(.error("roles", "the pool has no roles", fix: "set roles to [broker], [controller] or [broker, controller]"))
        } else if Set(roles).count != roles.count {
            issues.append(.error("roles", "a role is listed twice", fix: "list each role once"))
        }
        if replicas < 1 {
            issues.append(.error("replicas", "replicas is \(replicas); a pool needs at least one node", fix: "set replicas to 1 or more, or delete the KafkaNodePool"))
        }
        if let policy = nodeIds {
            if policy.ids != nil && policy.range != nil {
                issues.append(.error("nodeIds", "both ids and range are set", fix: "set either nodeIds.ids or nodeIds.range"))
            }
            if let ids = policy.ids {
                if let negative = ids.first(where: { $0 < 0 }) {
                    issues.append(.error("nodeIds.ids", "node id \(negative) is negative", fix: "use ids from 0 up"))
                }
                if Set(ids).count != ids.count {
                    issues.append(.error("nodeIds.ids", "an id is listed twice", fix: "list each id once"))
                }
                if ids.count < replicas {
                    issues.append(.error("nodeIds.ids", "\(ids.count) ids for \(replicas) replicas", fix: "add ids or lower replicas"))
                }
            }
            if let range = policy.range {
                if range.start < 0 || range.end < range.start {
                    issues.append(.error("nodeIds.range", "the range \(range.start)-\(range.end) is empty or negative", fix: "set 0 <= start <= end"))
                } else if Int64(range.end) - Int64(range.start) + 1 < Int64(replicas) {
                    issues.append(.error("nodeIds.range", "the range \(range.start)-\(range.end) holds fewer ids than \(replicas) replicas", fix: "widen the range or lower replicas"))
                }
            }
        }
        issues += storage.validate().prefixed("storage.")
        return issues
    }
}

extension NodeStorage {
    func validate() -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if volumes.isEmpty {
            issues.append(.error("volumes", "no volumes: Kafka needs at least one log directory", fix: "add a volume, e.g. {id: 0, size: 10Gi}"))
        }
        var seen: [Int32: Int] = [:]
        for (index, volume) in volumes.enumerated() {
            if !(0...99).contains(volume.id) {
                issues.append(.error("volumes[\(index)].id", "volume id \(volume.id) is outside 0-99", fix: "use an id from 0 to 99"))
            }
            if let first = seen[volume.id] {
                issues.append(.error("volumes[\(index)].id", "volume id \(volume.id) is also used by volumes[\(first)]", fix: "give each volume its own id"))
            } else {
                seen[volume.id] = index
            }
            if volume.size.sign <= 0 {
                issues.append(.error("volumes[\(index)].size", "size \(volume.size) is not positive", fix: "set a size such as 10Gi"))
            }
        }
        return issues
    }
}
