import KafkaProtocol

/// A group as ListGroups reports it.
public struct KafkaGroupListing: Sendable, Hashable, Codable {
    public var groupId: String
    public var protocolType: String
    /// Empty when the broker does not report it (ListGroups before v4).
    public var state: String
    public var type: String
}

/// A group as DescribeGroups reports it.
public struct KafkaGroupDescription: Sendable, Hashable, Codable {
    public struct Member: Sendable, Hashable, Codable {
        public var memberId: String
        public var groupInstanceId: String?
        public var clientId: String
        public var clientHost: String
    }

    public var groupId: String
    public var state: String
    public var protocolType: String
    public var protocolName: String
    public var coordinatorId: Int32
    public var members: [Member]
}

extension KafkaAdminClient {
    /// Groups of every broker (each broker coordinates some groups, so all are asked, in parallel).
    public func listGroups() async throws(KafkaAdminError) -> [KafkaGroupListing] {
        let ids = try await clusterMetadata(refresh: true).brokers.keys.sorted()
        do {
            return try await withThrowingTaskGroup(of: [KafkaGroupListing].self) { group in
                for id in ids {
                    group.addTask {
                        let response = try await self.send(ListGroupsRequest(), to: .broker(id))
                        try KafkaAdminError.check(response.errorCode, subject: "ListGroups on broker \(id)")
                        return response.groups.map {
                            .init(groupId: $0.groupId, protocolType: $0.protocolType, state: $0.groupState, type: $0.groupType)
                        }
                    }
                }
                var all: [KafkaGroupListing] = []
                for try await part in group { all += part }
                return all.sorted { $0.groupId < $1.groupId }
            }
        } catch let error as KafkaAdminError {
            throw error
        } catch {
            throw KafkaAdminError(code: .protocolError, message: "ListGroups failed: \(error)")
        }
    }

    /// Groups with state and members, each asked of its coordinator.
    public func describeGroups(_ groupIds: [String]) async throws(KafkaAdminError) -> [KafkaGroupDescription] {
        var result: [KafkaGroupDescription] = []
        for groupId in groupIds {
            let coordinator = try await coordinator(of: groupId)
            let response = try await send(DescribeGroupsRequest(groups: [groupId]), to: .groupCoordinator(groupId))
            for group in response.groups {
                if group.errorCode == KafkaErrorCode.notCoordinator.rawValue { forgetCoordinator(of: groupId) }
                try KafkaAdminError.check(group.errorCode, subject: "group '\(group.groupId)'")
                result.append(
                    .init(
                        groupId: group.groupId, state: group.groupState, protocolType: group.protocolType, protocolName: group.protocolData,
                        coordinatorId: coordinator.id,
                        members: group.members.map {
                            .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, clientId: $0.clientId, clientHost: $0.clientHost)
                        }))
            }
        }
        return result
    }

    /// Deletes consumer groups and their committed offsets, each asked of its coordinator. Kafka deletes only
    /// groups without members: a group with consumers is NON_EMPTY_GROUP, an unknown one GROUP_ID_NOT_FOUND.
    public func deleteGroups(_ groupIds: [String]) async throws(KafkaAdminError) {
        for groupId in groupIds {
            let response = try await send(DeleteGroupsRequest(groupsNames: [groupId]), to: .groupCoordinator(groupId))
            for result in response.results {
                if result.errorCode == KafkaErrorCode.notCoordinator.rawValue { forgetCoordinator(of: groupId) }
                try KafkaAdminError.check(result.errorCode, subject: "delete group '\(result.groupId)'")
            }
        }
    }

    /// Committed offsets of a group (OffsetFetch to its coordinator); nil partitions = all it committed.
    public func listConsumerGroupOffsets(_ groupId: String, partitions: [KafkaTopicPartition]? = nil) async throws(KafkaAdminError) -> [KafkaTopicPartition: Int64] {
        let connection = try await connection(for: .groupCoordinator(groupId))
        let version = connection.negotiatedVersion(.offsetFetch) ?? 0
        let byTopic = partitions.map { list in
            Dictionary(grouping: list, by: \.topic).sorted { $0.key < $1.key }.map { ($0.key, $0.value.map(\.partition).sorted()) }
        }
        var offsets: [KafkaTopicPartition: Int64] = [:]
        if version >= 8 {
            let request = OffsetFetchRequest(
                groups: [.init(groupId: groupId, topics: byTopic.map { $0.map { .init(name: $0.0, partitionIndexes: $0.1) } })])
            let response = try await connection.send(request)
            for group in response.groups {
                if group.errorCode == KafkaErrorCode.notCoordinator.rawValue { forgetCoordinator(of: groupId) }
                try KafkaAdminError.check(group.errorCode, subject: "committed offsets of group '\(groupId)'")
                for topic in group.topics {
                    for partition in topic.partitions {
                        try KafkaAdminError.check(partition.errorCode, subject: "committed offset of \(topic.name)-\(partition.partitionIndex)")
                        if partition.committedOffset >= 0 {
                            offsets[.init(topic: topic.name, partition: partition.partitionIndex)] = partition.committedOffset
                        }
                    }
                }
            }
        } else {
            let request = OffsetFetchRequest(groupId: groupId, topics: byTopic.map { $0.map { .init(name: $0.0, partitionIndexes: $0.1) } })
            let response = try await connection.send(request)
            try KafkaAdminError.check(response.errorCode, subject: "committed offsets of group '\(groupId)'")
            for topic in response.topics {
                for partition in topic.partitions where partition.committedOffset >= 0 {
                    offsets[.init(topic: topic.name, partition: partition.partitionIndex)] = partition.committedOffset
                }
            }
        }
        return offsets
    }
}
