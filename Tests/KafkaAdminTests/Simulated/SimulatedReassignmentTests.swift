import KafkaAdmin
import KafkaProtocol
import KafkaTesting
import Testing

/// alterPartitionReassignments / listPartitionReassignments of the real admin client against the simulated
/// cluster: a throttled move is observable while it copies, completes, and can be cancelled.
@Suite("KafkaAdmin against the simulated cluster: reassignments")
struct SimulatedReassignmentTests {
    /// A topic on brokers 1-3 with about 10 MB per partition, throttled like kafka-reassign-partitions
    /// --throttle 1048576 would (1 MiB/s on the leaders and the new followers).
    func prepareThrottledTopic(_ cluster: SimulatedKafkaCluster, _ client: KafkaAdminClient) async throws {
        try await client.createTopics([KafkaNewTopic(name: "moving", replicaAssignment: [0: [1, 2, 3], 1: [2, 3, 1]])])
        try cluster.withModel { model throws(SimulatedKafkaError) in
            try model.setTraffic(TrafficModel(bytesPerSecondPerPartition: 1_000_000), topic: "moving")
        }
        cluster.advance(byMs: 10_000)
        try cluster.withModel { model throws(SimulatedKafkaError) in try model.setTraffic(.idle, topic: "moving") }
        var throttles: [KafkaConfigResource: [KafkaConfigChange]] = [
            .topic("moving"): [.set("leader.replication.throttled.replicas", "*"), .set("follower.replication.throttled.replicas", "*")]
        ]
        for broker: Int32 in 1...6 {
            throttles[.broker(broker)] = [
                .set("leader.replication.throttled.rate", "1048576"), .set("follower.replication.throttled.rate", "1048576"),
            ]
        }
        try await client.incrementalAlterConfigs(throttles)
    }

    @Test func aThrottledMoveIsListedWhileItCopiesAndThenCompletes() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await prepareThrottledTopic(cluster, client)
            let partition = KafkaTopicPartition("moving", 0)
            try await client.alterPartitionReassignments([partition: [4, 5, 6]])

            cluster.advance(byMs: 2_000)
            var ongoing = try await client.listPartitionReassignments()
            let moving = try #require(ongoing.first)
            #expect(ongoing.map(\.partition) == [partition])
            #expect(moving.addingReplicas == [4, 5, 6])
            #expect(moving.removingReplicas == [1, 2, 3])
            #expect(Set(moving.replicas) == Set([1, 2, 3, 4, 5, 6]))
            // Progress is observable: the new replicas have part of the data and are not in the ISR yet.
            let sizes = try await client.describeLogDirs(brokers: [4]).flatMap(\.partitions).filter { $0.partition == partition }
            let copied = try #require(sizes.first)
            #expect(copied.sizeBytes > 0)
            #expect(copied.offsetLag > 0)
            #expect(try await client.describeTopics(["moving"]).first?.partitions[0].isr.contains(4) == false)
            #expect(try await client.listPartitionReassignments([KafkaTopicPartition("moving", 1)]).isEmpty)

            cluster.advance(byMs: 30_000)  // 10 MB at 1 MiB/s
            ongoing = try await client.listPartitionReassignments()
            #expect(ongoing.isEmpty)
            let done = try #require(try await client.describeTopics(["moving"]).first?.partitions.first { $0.partition == 0 })
            #expect(done.replicas == [4, 5, 6])
            #expect(Set(done.isr) == Set([4, 5, 6]))
            #expect([4, 5, 6].contains(done.leader))
            #expect(try await client.describeLogDirs(brokers: [1]).flatMap(\.partitions).contains { $0.partition == partition } == false)
        }
    }

    @Test func cancellingRestoresTheOriginalReplicas() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await prepareThrottledTopic(cluster, client)
            let partition = KafkaTopicPartition("moving", 1)
            try await client.alterPartitionReassignments([partition: [2, 3, 4]])
            cluster.advance(byMs: 1_000)
            #expect(try await client.listPartitionReassignments().map(\.partition) == [partition])
            try await client.alterPartitionReassignments([partition: nil])
            #expect(try await client.listPartitionReassignments().isEmpty)
            #expect(cluster.model.partition("moving", 1)?.replicas == [2, 3, 1])
            let again = await #expect(throws: KafkaAdminError.self) { try await client.alterPartitionReassignments([partition: nil]) }
            #expect(again?.name == "NO_REASSIGNMENT_IN_PROGRESS")
        }
    }

    @Test func badTargetsAreRefusedNamingThePartition() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "t", partitions: 1, replicationFactor: 3)])
            let unknownBroker = await #expect(throws: KafkaAdminError.self) {
                try await client.alterPartitionReassignments([KafkaTopicPartition("t", 0): [1, 2, 99]])
            }
            #expect(unknownBroker?.name == "INVALID_REPLICA_ASSIGNMENT")
            #expect(unknownBroker?.message.contains("t-0") == true)
            let unknownPartition = await #expect(throws: KafkaAdminError.self) {
                try await client.alterPartitionReassignments([KafkaTopicPartition("t", 7): [1, 2, 3]])
            }
            #expect(unknownPartition?.name == "UNKNOWN_TOPIC_OR_PARTITION")
            #expect(cluster.model.ongoingReassignments.isEmpty)
        }
    }
}
