import KafkaAdmin
import KafkaProtocol
import KafkaTesting
import Testing

/// Topic operations of the real admin client against the simulated cluster, checked against the model.
@Suite("KafkaAdmin against the simulated cluster: topics")
struct SimulatedTopicTests {
    @Test func createdTopicsArePlacedOnThreeRacksAndDescribedAsTheModelHasThem() async throws {
        try await SimulatedAdmin.with { cluster, client in
            let created = try await client.createTopics([
                KafkaNewTopic(name: "orders", partitions: 6, replicationFactor: 3, configs: ["min.insync.replicas": "2"]),
                KafkaNewTopic(name: "payments", partitions: 2),
            ])
            #expect(created.map(\.name).sorted() == ["orders", "payments"])
            #expect(created.first { $0.name == "payments" }?.replicationFactor == 3, "-1 takes default.replication.factor")
            let model = cluster.model
            #expect(model.topics["orders"]?.partitions.count == 6)
            #expect(model.minInsyncReplicas(of: "orders") == 2)
            let described = try await client.describeTopics(["orders"])
            let orders = try #require(described.first)
            #expect(orders.topicId == model.topics["orders"]?.id.description)
            for partition in orders.partitions {
                let expected = try #require(model.partition("orders", partition.partition))
                #expect(partition.replicas == expected.replicas)
                #expect(partition.leader == expected.leader)
                #expect(partition.isr == expected.isr)
                let racks = Set(partition.replicas.compactMap { model.brokers[$0]?.rack })
                #expect(racks.count == 3, "replicas of orders-\(partition.partition) span every rack")
            }
            #expect(try await client.listTopics() == ["orders", "payments"])
        }
    }

    @Test func validateOnlyCreatesNothing() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "dry-run", partitions: 3, replicationFactor: 3)], validateOnly: true)
            #expect(cluster.model.topics["dry-run"] == nil)
            let error = await #expect(throws: KafkaAdminError.self) {
                try await client.createTopics([KafkaNewTopic(name: "too-wide", partitions: 1, replicationFactor: 7)], validateOnly: true)
            }
            #expect(error?.name == "INVALID_REPLICATION_FACTOR")
            #expect(error?.message.contains("'too-wide'") == true)
        }
    }

    @Test func creatingAnExistingTopicIsTopicAlreadyExists() async throws {
        try await SimulatedAdmin.with { _, client in
            try await client.createTopics([KafkaNewTopic(name: "orders", partitions: 1)])
            let error = await #expect(throws: KafkaAdminError.self) { try await client.createTopics([KafkaNewTopic(name: "orders", partitions: 1)]) }
            #expect(error?.name == "TOPIC_ALREADY_EXISTS")
        }
    }

    @Test func manualAssignmentNamingAnUnknownBrokerIsRefused() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "pinned", replicaAssignment: [0: [1, 2], 1: [3, 4]])])
            #expect(cluster.model.partition("pinned", 1)?.replicas == [3, 4])
            let error = await #expect(throws: KafkaAdminError.self) {
                try await client.createTopics([KafkaNewTopic(name: "nowhere", replicaAssignment: [0: [1, 42]])])
            }
            #expect(error?.name == "INVALID_REPLICA_ASSIGNMENT")
            #expect(error?.message.contains("includes broker 42, but no such broker is registered") == true)
            #expect(cluster.model.topics["nowhere"] == nil)
        }
    }

    @Test func deletedTopicsLeaveTheModelAndUnknownOnesAreNamed() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "a", partitions: 1), KafkaNewTopic(name: "b", partitions: 1)])
            try await client.deleteTopics(["a"])
            #expect(cluster.model.topics.keys.sorted() == ["b"])
            #expect(try await client.listTopics() == ["b"])
            let error = await #expect(throws: KafkaAdminError.self) { try await client.deleteTopics(["never-was"]) }
            #expect(error?.name == "UNKNOWN_TOPIC_OR_PARTITION")
            #expect(error?.message.contains("'never-was'") == true)
        }
    }

    @Test func describingAnUnknownTopicIsATypedError() async throws {
        try await SimulatedAdmin.with { _, client in
            let error = await #expect(throws: KafkaAdminError.self) { try await client.describeTopics(["no-such-topic"]) }
            #expect(error?.name == "UNKNOWN_TOPIC_OR_PARTITION")
            #expect(error?.message.contains("'no-such-topic'") == true)
        }
    }

    @Test func createPartitionsGrowsTheTopicAndRefusesShrinking() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "grow", partitions: 2, replicationFactor: 3)])
            try await client.createPartitions(["grow": 5], validateOnly: true)
            #expect(cluster.model.topics["grow"]?.partitions.count == 2, "validateOnly changes nothing")
            try await client.createPartitions(["grow": 5])
            #expect(cluster.model.topics["grow"]?.partitions.count == 5)
            #expect(try await client.describeTopics(["grow"]).first?.partitions.count == 5)

            let shrink = await #expect(throws: KafkaAdminError.self) { try await client.createPartitions(["grow": 3]) }
            #expect(shrink?.name == "INVALID_PARTITIONS")
            #expect(shrink?.message.contains("'grow'") == true)
            let unknown = await #expect(throws: KafkaAdminError.self) { try await client.createPartitions(["ghost": 3]) }
            #expect(unknown?.name == "UNKNOWN_TOPIC_OR_PARTITION")
        }
    }

    @Test func invalidPartitionCountIsRefusedBeforeSending() async throws {
        try await SimulatedAdmin.with { cluster, client in
            let error = await #expect(throws: KafkaAdminError.self) { try await client.createTopics([KafkaNewTopic(name: "bad", partitions: 0)]) }
            #expect(error?.name == "INVALID_PARTITIONS")
            #expect(cluster.model.topics["bad"] == nil)
        }
    }

    @Test func withoutAControllerMajorityMetadataWritesFailAndReadsWork() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "before", partitions: 1)])
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.setControllerRunning(1000, false)
                try model.setControllerRunning(1001, false)
            }
            cluster.advance(byMs: 1_000)
            let create = await #expect(throws: KafkaAdminError.self) { try await client.createTopics([KafkaNewTopic(name: "after", partitions: 1)]) }
            #expect(create?.name == "REQUEST_TIMED_OUT")
            #expect(create?.isRetriable == true)
            let delete = await #expect(throws: KafkaAdminError.self) { try await client.deleteTopics(["before"]) }
            #expect(delete?.name == "REQUEST_TIMED_OUT")
            #expect(cluster.model.topics.keys.sorted() == ["before"])
            // Brokers keep serving the metadata they have.
            #expect(try await client.describeTopics(["before"]).count == 1)
        }
    }
}
