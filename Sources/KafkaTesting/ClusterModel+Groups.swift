import NIOCore

/// What JoinGroup answers a member.
public struct JoinOutcome: Sendable {
    public var generation: Int32
    public var protocolName: String?
    public var leaderId: String
    public var memberId: String
    /// Filled for the leader only: every member's subscription for the chosen protocol.
    public var members: [(memberId: String, groupInstanceId: String?, metadata: ByteBuffer)]
}

extension ClusterModel {
    /// The coordinator of a group (or transactional id): a serving broker chosen by a stable hash of the key,
    /// as Kafka maps the key to a `__consumer_offsets` partition and takes its leader.
    public func coordinator(forKey key: String) throws(SimulatedKafkaError) -> Int32 {
        let serving = servingBrokerIds
        guard !serving.isEmpty else {
            throw SimulatedKafkaError(.coordinatorNotAvailable, "No broker is serving, so no coordinator is available for '\(key)'")
        }
        var hash: UInt32 = 2_166_136_261
        for byte in key.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return serving[Int(hash % UInt32(serving.count))]
    }

    func requireCoordinator(_ brokerId: Int32, group: String) throws(SimulatedKafkaError) {
        guard try coordinator(forKey: group) == brokerId else {
            throw SimulatedKafkaError(.notCoordinator, "Broker \(brokerId) is not the coordinator of group '\(group)'")
        }
    }

    /// JoinGroup (classic protocol). Every join of a new member or changed subscription starts a new
    /// generation; other members learn it from Heartbeat (REBALANCE_IN_PROGRESS) and rejoin.
    public mutating func joinGroup(
        _ groupId: String, onBroker brokerId: Int32, memberId: String, groupInstanceId: String?, clientId: String,
        protocolType: String, protocols: [(name: String, metadata: ByteBuffer)], sessionTimeoutMs: Int32,
        rebalanceTimeoutMs: Int32, requireKnownMemberId: Bool
    ) throws(SimulatedKafkaError) -> JoinOutcome {
        guard !groupId.isEmpty else { throw SimulatedKafkaError(.invalidGroupId, "The group id must not be empty") }
        try requireCoordinator(brokerId, group: groupId)
        var group = groups[groupId] ?? ConsumerGroupModel(groupId: groupId)
        if !group.members.isEmpty, group.protocolType != protocolType {
            throw SimulatedKafkaError(.inconsistentGroupProtocol, "Group '\(groupId)' uses protocol type \(group.protocolType), not \(protocolType)")
        }
        var id = memberId
        if id.isEmpty {
            id = "\(clientId)-\(groupId)-\(group.nextMemberSuffix)"
            group.nextMemberSuffix += 1
            if requireKnownMemberId {
                // KIP-394: the member must come back with this id, so that a lost response leaves no ghost member.
                group.pendingMemberIds.insert(id)
                groups[groupId] = group
                throw SimulatedKafkaError(.memberIdRequired, id)
            }
        }
        let existing = group.members.firstIndex { $0.memberId == id }
        if existing == nil, !memberId.isEmpty {
            guard group.pendingMemberIds.remove(memberId) != nil else {
                throw SimulatedKafkaError(.unknownMemberId, "Member '\(memberId)' is not known in group '\(groupId)'")
            }
        }
        var member = ConsumerGroupModel.Member(
            memberId: id, groupInstanceId: groupInstanceId, clientId: clientId, clientHost: "/127.0.0.1",
            sessionTimeoutMs: sessionTimeoutMs, rebalanceTimeoutMs: rebalanceTimeoutMs, protocols: protocols)
        member.lastHeartbeatMs = nowMs
        let startsRebalance: Bool
        if let existing {
            let old = group.members[existing]
            let subscriptionChanged = old.protocols.map(\.name) != protocols.map(\.name)
                || zip(old.protocols, protocols).contains { $0.metadata != $1.metadata }
            // A member of the current generation rejoining a stable group asks for a rebalance; a member
            // catching up with a newer generation just joins it.
            startsRebalance = subscriptionChanged || (group.state == .stable && old.joinedGeneration == group.generation)
            member.assignment = old.assignment
            group.members[existing] = member
        } else {
            startsRebalance = true
            group.members.append(member)
        }
        if startsRebalance { group.generation += 1 }
        group.protocolType = protocolType
        let common = protocols.map(\.name).first { name in group.members.allSatisfy { $0.protocols.contains { $0.name == name } } }
        guard let chosen = common else {
            throw SimulatedKafkaError(.inconsistentGroupProtocol, "Member '\(id)' shares no assignment protocol with group '\(groupId)'")
        }
        group.protocolName = chosen
        if let index = group.members.firstIndex(where: { $0.memberId == id }) { group.members[index].joinedGeneration = group.generation }
        group.state = .completingRebalance
        if group.leaderId == nil || !group.members.contains(where: { $0.memberId == group.leaderId }) {
            group.leaderId = group.members.first?.memberId
        }
        let leader = group.leaderId ?? id
        let memberList: [(memberId: String, groupInstanceId: String?, metadata: ByteBuffer)] =
            leader == id
            ? group.members.map { m in (m.memberId, m.groupInstanceId, m.protocols.first { $0.name == chosen }?.metadata ?? ByteBuffer()) }
            : []
        groups[groupId] = group
        return JoinOutcome(generation: group.generation, protocolName: chosen, leaderId: leader, memberId: id, members: memberList)
    }

    func requireMember(_ groupId: String, _ memberId: String, generation: Int32) throws(SimulatedKafkaError) -> ConsumerGroupModel {
        guard let group = groups[groupId], group.members.contains(where: { $0.memberId == memberId }) else {
            throw SimulatedKafkaError(.unknownMemberId, "Member '\(memberId)' is not known in group '\(groupId)'")
        }
        guard generation == group.generation else {
            throw SimulatedKafkaError(.illegalGeneration, "Generation \(generation) of member '\(memberId)' is not the current generation \(group.generation) of group '\(groupId)'")
        }
        return group
    }

    /// SyncGroup: the leader hands in the assignments; every member receives its own. A follower that syncs
    /// before the leader is told to rejoin (the real coordinator parks it instead; the outcome is the same).
    public mutating func syncGroup(
        _ groupId: String, onBroker brokerId: Int32, memberId: String, generation: Int32,
        assignments: [(memberId: String, assignment: ByteBuffer)]
    ) throws(SimulatedKafkaError) -> ByteBuffer {
        try requireCoordinator(brokerId, group: groupId)
        var group = try requireMember(groupId, memberId, generation: generation)
        if memberId == group.leaderId {
            for index in group.members.indices {
                group.members[index].assignment = assignments.first { $0.memberId == group.members[index].memberId }?.assignment ?? ByteBuffer()
            }
            group.state = .stable
        } else if group.state != .stable {
            throw SimulatedKafkaError(.rebalanceInProgress, "The leader of group '\(groupId)' has not sent the assignment yet")
        }
        groups[groupId] = group
        return group.members.first { $0.memberId == memberId }?.assignment ?? ByteBuffer()
    }

    /// Heartbeat: REBALANCE_IN_PROGRESS tells a member of an older generation to rejoin.
    public mutating func heartbeat(_ groupId: String, onBroker brokerId: Int32, memberId: String, generation: Int32) throws(SimulatedKafkaError) {
        try requireCoordinator(brokerId, group: groupId)
        guard let group = groups[groupId], let index = group.members.firstIndex(where: { $0.memberId == memberId }) else {
            throw SimulatedKafkaError(.unknownMemberId, "Member '\(memberId)' is not known in group '\(groupId)'")
        }
        groups[groupId]!.members[index].lastHeartbeatMs = nowMs
        if generation != group.generation || group.state != .stable {
            throw SimulatedKafkaError(.rebalanceInProgress, "Group '\(groupId)' is rebalancing to generation \(group.generation)")
        }
    }

    /// LeaveGroup: the member goes; the others rebalance.
    public mutating func leaveGroup(_ groupId: String, onBroker brokerId: Int32, memberId: String) throws(SimulatedKafkaError) {
        try requireCoordinator(brokerId, group: groupId)
        guard var group = groups[groupId], group.members.contains(where: { $0.memberId == memberId }) else {
            throw SimulatedKafkaError(.unknownMemberId, "Member '\(memberId)' is not known in group '\(groupId)'")
        }
        group.members.removeAll { $0.memberId == memberId }
        group.generation += 1
        if group.leaderId == memberId { group.leaderId = group.members.first?.memberId }
        group.state = group.members.isEmpty ? .empty : .preparingRebalance
        groups[groupId] = group
    }

    /// OffsetCommit: generation -1 with an empty member id is a standalone (admin) commit.
    public mutating func commitOffset(
        _ groupId: String, onBroker brokerId: Int32, memberId: String, generation: Int32,
        topic: String, partition: Int32, offset: Int64, metadata: String?
    ) throws(SimulatedKafkaError) {
        try requireCoordinator(brokerId, group: groupId)
        if generation >= 0 || !memberId.isEmpty {
            _ = try requireMember(groupId, memberId, generation: generation)
        }
        guard self.partition(topic, partition) != nil else {
            throw SimulatedKafkaError(.unknownTopicOrPartition, "Cannot commit an offset for \(topic)-\(partition): it does not exist")
        }
        groups[groupId, default: ConsumerGroupModel(groupId: groupId)].offsets[topic, default: [:]][partition] = (offset, metadata)
    }

    /// DeleteGroups, like Kafka's group coordinator: only a group without members can be deleted (with its
    /// committed offsets); a group with members is NON_EMPTY_GROUP, an unknown one GROUP_ID_NOT_FOUND.
    public mutating func deleteGroup(_ groupId: String, onBroker brokerId: Int32) throws(SimulatedKafkaError) {
        try requireCoordinator(brokerId, group: groupId)
        guard let group = groups[groupId] else {
            throw SimulatedKafkaError(.groupIdNotFound, "Group '\(groupId)' does not exist")
        }
        guard group.members.isEmpty else {
            throw SimulatedKafkaError(.nonEmptyGroup, "Group '\(groupId)' has \(group.members.count) active member(s); stop its consumers first")
        }
        groups[groupId] = nil
    }

    /// Members that have not heartbeated within their session timeout leave their group, which rebalances
    /// (what the coordinator does when a consumer process dies without LeaveGroup).
    mutating func expireGroupMembers() {
        for id in groups.keys {
            let expired = groups[id]!.members.filter { nowMs - $0.lastHeartbeatMs > Int64($0.sessionTimeoutMs) }
            guard !expired.isEmpty else { continue }
            groups[id]!.members.removeAll { member in expired.contains { $0.memberId == member.memberId } }
            groups[id]!.generation += 1
            if let leader = groups[id]!.leaderId, expired.contains(where: { $0.memberId == leader }) {
                groups[id]!.leaderId = groups[id]!.members.first?.memberId
            }
            groups[id]!.state = groups[id]!.members.isEmpty ? .empty : .preparingRebalance
        }
    }

    /// Consumer lag per partition: log end offset minus the committed offset.
    public func lag(ofGroup groupId: String) -> [String: [Int32: Int64]] {
        var result: [String: [Int32: Int64]] = [:]
        for (topic, partitions) in groups[groupId]?.offsets ?? [:] {
            for (index, committed) in partitions {
                if let p = partition(topic, index) { result[topic, default: [:]][index] = max(0, p.highWatermark - committed.offset) }
            }
        }
        return result
    }
}
