import KafkaAdmin
import KafkaProtocol
import KafkaTesting
import NIOCore
import Testing

/// Consumer groups, committed offsets, lag, listOffsets and deleteRecords of the real admin client against
/// the simulated cluster, with records really stored in the partitions.
@Suite("KafkaAdmin against the simulated cluster: groups, offsets, records")
struct SimulatedGroupAndOffsetTests {
    /// A stable group with one member (the classic protocol, joined and synced at its coordinator) that
    /// committed `committed` on clicks-0 and clicks-1.
    static func stableGroup(_ cluster: SimulatedKafkaCluster, _ groupId: String, committed: Int64) throws -> String {
        try cluster.withModel { model throws(SimulatedKafkaError) in
            let coordinator = try model.coordinator(forKey: groupId)
            let joined = try model.joinGroup(
                groupId, onBroker: coordinator, memberId: "", groupInstanceId: nil, clientId: "analytics-app", protocolType: "consumer",
                protocols: [(name: "range", metadata: ByteBuffer(bytes: [0]))], sessionTimeoutMs: 45_000, rebalanceTimeoutMs: 60_000,
                requireKnownMemberId: false)
            _ = try model.syncGroup(
                groupId, onBroker: coordinator, memberId: joined.memberId, generation: joined.generation,
                assignments: [(joined.memberId, ByteBuffer(bytes: [1]))])
            for partition: Int32 in 0...1 {
                try model.commitOffset(
                    groupId, onBroker: coordinator, memberId: joined.memberId, generation: joined.generation, topic: "clicks",
                    partition: partition, offset: committed, metadata: nil)
            }
            return joined.memberId
        }
    }

    @Test func groupsAreListedDescribedWithMembersAndTheirOffsetsAndLag() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "clicks", partitions: 2, replicationFactor: 3)])
            try SimulatedAdmin.produce(cluster, topic: "clicks", partition: 0, count: 10)
            try SimulatedAdmin.produce(cluster, topic: "clicks", partition: 1, count: 4)
            let member = try Self.stableGroup(cluster, "analytics", committed: 3)

            let groups = try await client.listGroups()
            #expect(groups.map(\.groupId) == ["analytics"])
            #expect(groups.first?.state == "Stable")
            let described = try #require(try await client.describeGroups(["analytics"]).first)
            #expect(described.state == "Stable")
            #expect(described.protocolType == "consumer")
            #expect(described.protocolName == "range")
            #expect(described.members.map(\.memberId) == [member])
            #expect(described.members.first?.clientId == "analytics-app")
            #expect(described.coordinatorId == (try cluster.withModel { model throws(SimulatedKafkaError) in try model.coordinator(forKey: "analytics") }))

            let offsets = try await client.listConsumerGroupOffsets("analytics")
            #expect(offsets == [KafkaTopicPartition("clicks", 0): 3, KafkaTopicPartition("clicks", 1): 3])
            let lag = try await client.consumerGroupLag("analytics")
            #expect(lag.map(\.lag) == [7, 1])
            #expect(lag.map(\.logEndOffset) == [10, 4])
            let model = cluster.model.lag(ofGroup: "analytics")["clicks"]
            #expect(lag.map(\.lag) == [model?[0], model?[1]])
        }
    }

    @Test func anUnknownGroupIsDeadAndHasNoOffsets() async throws {
        try await SimulatedAdmin.with { _, client in
            let described = try await client.describeGroups(["nobody"])
            #expect(described.first?.state == "Dead")
            #expect(described.first?.members.isEmpty == true)
            #expect(try await client.listConsumerGroupOffsets("nobody").isEmpty)
        }
    }

    @Test func onlyEmptyGroupsAreDeleted() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "clicks", partitions: 2, replicationFactor: 3)])
            let member = try Self.stableGroup(cluster, "analytics", committed: 0)
            let busy = await #expect(throws: KafkaAdminError.self) { try await client.deleteGroups(["analytics"]) }
            #expect(busy?.name == "NON_EMPTY_GROUP")
            #expect(busy?.message.contains("'analytics'") == true)

            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.leaveGroup("analytics", onBroker: try model.coordinator(forKey: "analytics"), memberId: member)
            }
            #expect(try await client.describeGroups(["analytics"]).first?.state == "Empty")
            try await client.deleteGroups(["analytics"])
            #expect(cluster.model.groups["analytics"] == nil)
            #expect(try await client.listGroups().isEmpty)
            let gone = await #expect(throws: KafkaAdminError.self) { try await client.deleteGroups(["analytics"]) }
            #expect(gone?.name == "GROUP_ID_NOT_FOUND")
        }
    }

    @Test func listOffsetsAndDeleteRecordsMoveTheLogStart() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "events", partitions: 3, replicationFactor: 3)])
            for partition: Int32 in 0..<3 {
                try SimulatedAdmin.produce(cluster, topic: "events", partition: partition, count: 5)
                try SimulatedAdmin.produce(cluster, topic: "events", partition: partition, count: 5)
            }
            let all = (0..<3).map { KafkaTopicPartition("events", Int32($0)) }
            #expect(try await client.listOffsets(all, spec: .latest) == Dictionary(uniqueKeysWithValues: all.map { ($0, 10) }))
            #expect(try await client.listOffsets(all, spec: .earliest) == Dictionary(uniqueKeysWithValues: all.map { ($0, 0) }))

            let lowWatermarks = try await client.deleteRecords(before: [all[0]: 5, all[1]: -1])
            #expect(lowWatermarks == [all[0]: 5, all[1]: 10])
            #expect(cluster.model.partition("events", 0)?.logStartOffset == 5)
            let earliest = try await client.listOffsets(all, spec: .earliest)
            #expect(earliest == [all[0]: 5, all[1]: 10, all[2]: 0])

            let beyond = await #expect(throws: KafkaAdminError.self) { try await client.deleteRecords(before: [all[2]: 11]) }
            #expect(beyond?.name == "OFFSET_OUT_OF_RANGE")
            #expect(beyond?.message.contains("events-2") == true)
            let unknown = await #expect(throws: KafkaAdminError.self) { try await client.listOffsets([KafkaTopicPartition("nope", 0)]) }
            #expect(unknown?.name == "UNKNOWN_TOPIC_OR_PARTITION")
        }
    }

    @Test func aPartitionWithoutLeaderHasNoOffsets() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "single", replicaAssignment: [0: [3]])])
            try cluster.withModel { model throws(SimulatedKafkaError) in try model.killBroker(3) }
            cluster.advance(byMs: 10_000)
            #expect(cluster.model.partition("single", 0)?.isOffline == true)
            let error = await #expect(throws: KafkaAdminError.self) { try await client.listOffsets([KafkaTopicPartition("single", 0)]) }
            #expect(error?.name == "LEADER_NOT_AVAILABLE")
        }
    }
}
