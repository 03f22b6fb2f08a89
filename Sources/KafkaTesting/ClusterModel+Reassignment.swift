extension ClusterModel {
    /// Starts (or, with nil, cancels) a reassignment of a partition to `target`, like
    /// AlterPartitionReassignments: new replicas are added and copy from the leader, join the ISR when caught
    /// up, then the replica set becomes `target` and the removed replicas are dropped.
    public mutating func reassign(
        topic: String, partition index: Int32, to target: [Int32]?, throttleBytesPerSecond: Int64? = nil
    ) throws(SimulatedKafkaError) {
        guard let partition = partition(topic, index) else {
            throw SimulatedKafkaError(.unknownTopicOrPartition, "Partition \(topic)-\(index) does not exist")
        }
        guard let target else {
            guard let original = partition.reassignmentTarget.map({ _ in partition.replicas.filter { !partition.addingReplicas.contains($0) } }) else {
                throw SimulatedKafkaError(.noReassignmentInProgress, "No reassignment is in progress for \(topic)-\(index)")
            }
            try commitMetadataChange("cancel reassignment of \(topic)-\(index)")
            updatePartition(topic, index) { p in
                for added in p.addingReplicas { p.replicaStates[added] = nil }
                p.replicas = original
                p.isr.removeAll { !original.contains($0) }
                p.reassignmentTarget = nil
                p.addingReplicas = []
                p.removingReplicas = []
            }
            return
        }
        guard !target.isEmpty, Set(target).count == target.count else {
            throw SimulatedKafkaError(.invalidReplicaAssignment, "Target replicas of \(topic)-\(index) must be non-empty and distinct, got \(target)")
        }
        if let unknown = target.first(where: { brokers[$0]?.registered != true }) {
            throw SimulatedKafkaError(.invalidReplicaAssignment, "The manual partition assignment includes broker \(unknown), but no such broker is registered.")
        }
        try commitMetadataChange("reassign \(topic)-\(index)")
        let now = nowMs
        updatePartition(topic, index) { p in
            let base = p.reassignmentTarget == nil ? p.replicas : p.replicas.filter { !p.addingReplicas.contains($0) || target.contains($0) }
            let adding = target.filter { !base.contains($0) }
            p.reassignmentTarget = target
            p.addingReplicas = adding
            p.removingReplicas = base.filter { !target.contains($0) }
            p.replicas = target + p.removingReplicas
            for id in adding where p.replicaStates[id] == nil {
                p.replicaStates[id] = ReplicaState(brokerId: id, lastCaughtUpMs: now)
            }
            p.reassignmentThrottleBytesPerSecond = throttleBytesPerSecond
        }
        progressReassignments()
    }

    /// Completes reassignments whose target replicas are all in the ISR.
    mutating func progressReassignments() {
        guard quorum.leaderId != -1 else { return }
        for name in topics.keys {
            for index in topics[name]!.partitions.indices {
                var p = topics[name]!.partitions[index]
                guard let target = p.reassignmentTarget, target.allSatisfy({ p.isr.contains($0) }) else { continue }
                for removed in p.removingReplicas { p.replicaStates[removed] = nil }
                p.replicas = target
                p.isr = target.filter { p.isr.contains($0) }
                if !target.contains(p.leader) {
                    p.leader = target.first { brokers[$0]?.isServing == true } ?? -1
                    p.leaderEpoch += 1
                }
                p.partitionEpoch += 1
                p.reassignmentTarget = nil
                p.addingReplicas = []
                p.removingReplicas = []
                p.reassignmentThrottleBytesPerSecond = nil
                topics[name]!.partitions[index] = p
                _ = quorum.commitMetadataRecord(nowMs: nowMs)
            }
        }
    }

    /// Partitions with a reassignment in progress.
    public var ongoingReassignments: [PartitionModel] { allPartitions.filter { $0.reassignmentTarget != nil } }

    /// Preferred leader election: moves leadership to the first replica when it is a live ISR member.
    public mutating func electPreferredLeader(topic: String, partition index: Int32) throws(SimulatedKafkaError) {
        guard let p = partition(topic, index) else {
            throw SimulatedKafkaError(.unknownTopicOrPartition, "Partition \(topic)-\(index) does not exist")
        }
        guard let preferred = p.replicas.first, p.leader != preferred else {
            throw SimulatedKafkaError(.electionNotNeeded, "Leader of \(topic)-\(index) is already the preferred replica")
        }
        guard p.isr.contains(preferred), brokers[preferred]?.isServing == true else {
            throw SimulatedKafkaError(.preferredLeaderNotAvailable, "Preferred replica \(preferred) of \(topic)-\(index) is not a live ISR member")
        }
        try commitMetadataChange("elect leader of \(topic)-\(index)")
        updatePartition(topic, index) { p in
            p.leader = preferred
            p.leaderEpoch += 1
            p.partitionEpoch += 1
        }
    }
}

extension ClusterModel {
    /// The copy rate Kafka would allow a reassignment started over the protocol: when the topic lists
    /// throttled replicas (`leader.replication.throttled.replicas` / `follower.replication.throttled.replicas`,
    /// as kafka-reassign-partitions --throttle sets them), the lowest `leader.replication.throttled.rate` of the
    /// current replicas and `follower.replication.throttled.rate` of the added ones (per broker, or the
    /// cluster-wide default); nil = unthrottled.
    public func configuredReassignmentThrottle(topic: String, partition index: Int32, target: [Int32]) -> Int64? {
        guard let topicModel = topics[topic], let partition = partition(topic, index) else { return nil }
        let throttledReplicas = ["leader.replication.throttled.replicas", "follower.replication.throttled.replicas"]
            .compactMap { topicModel.configs[$0] }
            .filter { !$0.isEmpty }
        guard !throttledReplicas.isEmpty else { return nil }
        let adding = target.filter { !partition.replicas.contains($0) }
        // Per-broker values first, then the cluster-wide default (both are dynamic in Kafka).
        func rate(_ key: String, of broker: Int32) -> Int64? {
            (brokers[broker]?.dynamicConfigs[key] ?? clusterDynamicConfigs[key]).flatMap { Int64($0) }
        }
        let rates =
            partition.replicas.compactMap { rate("leader.replication.throttled.rate", of: $0) }
            + adding.compactMap { rate("follower.replication.throttled.rate", of: $0) }
        return rates.min()
    }
}
