import KafkaProtocol
import NIOCore
import Testing

@testable import KafkaTesting

/// The simulated brokers driven over real TCP with the generated codecs.
@Suite struct BrokerProtocolTests {
    static var sixBrokers: SimulatedClusterConfiguration {
        var configuration = SimulatedClusterConfiguration()
        configuration.brokers = SimulatedClusterConfiguration.brokers(6, racks: 3)
        return configuration
    }

    @Test func apiVersionsAndMetadataShowBrokersWithRacks() async throws {
        try await SimulatedKafkaCluster.withRunningCluster(configuration: Self.sixBrokers) { cluster, running in
            try await TestKafkaConnection.with(port: running.ports[1]!) { connection in
                let versions = try await connection.send(ApiVersionsRequest(), version: 3)
                #expect(versions.errorCode == 0)
                #expect(versions.apiKeys.contains { $0.apiKey == ApiKey.metadata.rawValue && $0.maxVersion == 12 })
                let metadata = try await connection.send(MetadataRequest(topics: nil), version: 12)
                #expect(metadata.clusterId == "capstan-simulated-cluster")
                #expect(metadata.brokers.map(\.nodeId).sorted() == [1, 2, 3, 4, 5, 6])
                #expect(metadata.brokers.first { $0.nodeId == 2 }?.rack == "rack-b")
                #expect(metadata.brokers.first { $0.nodeId == 4 }?.port == Int32(running.ports[4]!))
                #expect(metadata.controllerId != -1)
            }
        }
    }

    @Test func createTopicsThenDuplicateFailsWithTopicAlreadyExists() async throws {
        try await SimulatedKafkaCluster.withRunningCluster(configuration: Self.sixBrokers) { cluster, running in
            try await TestKafkaConnection.with(port: running.ports[3]!) { connection in
                let topic = CreateTopicsRequest.CreatableTopic(
                    name: "orders", numPartitions: 6, replicationFactor: 3, configs: [.init(name: "min.insync.replicas", value: "2")])
                let created = try await connection.send(CreateTopicsRequest(topics: [topic], timeoutMs: 1000), version: 7)
                #expect(created.topics.first?.errorCode == 0)
                #expect(created.topics.first?.numPartitions == 6)
                let again = try await connection.send(CreateTopicsRequest(topics: [topic], timeoutMs: 1000), version: 7)
                #expect(again.topics.first?.errorCode == KafkaErrorCode.topicAlreadyExists.rawValue)
                let tooMany = CreateTopicsRequest.CreatableTopic(name: "wide", numPartitions: 1, replicationFactor: 7)
                let refused = try await connection.send(CreateTopicsRequest(topics: [tooMany], timeoutMs: 1000), version: 7)
                #expect(refused.topics.first?.errorCode == KafkaErrorCode.invalidReplicationFactor.rawValue)
                let metadata = try await connection.send(MetadataRequest(topics: [.init(name: "orders"), .init(name: "missing")]), version: 12)
                let orders = try #require(metadata.topics.first { $0.name == "orders" })
                #expect(orders.partitions.count == 6)
                #expect(orders.partitions.allSatisfy { $0.replicaNodes.count == 3 && $0.isrNodes.count == 3 })
                #expect(orders.topicId == cluster.model.topics["orders"]?.id)
                #expect(metadata.topics.first { $0.name == "missing" }?.errorCode == KafkaErrorCode.unknownTopicOrPartition.rawValue)
            }
        }
    }

    @Test func killedBrokerLeavesMetadataAndIsrOverTheWire() async throws {
        try await SimulatedKafkaCluster.withRunningCluster(configuration: Self.sixBrokers) { cluster, running in
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.createTopic("orders", partitions: 6, replicationFactor: 3, configs: ["min.insync.replicas": "2"])
                try model.killBroker(2)
                model.advance(byMs: 10_000)
            }
            try await TestKafkaConnection.with(port: running.ports[1]!) { connection in
                let metadata = try await connection.send(MetadataRequest(topics: nil), version: 12)
                #expect(!metadata.brokers.contains { $0.nodeId == 2 })
                let partitions = metadata.topics.first { $0.name == "orders" }?.partitions ?? []
                #expect(partitions.allSatisfy { $0.leaderId != 2 && $0.leaderId != -1 && !$0.isrNodes.contains(2) })
                #expect(partitions.contains { $0.replicaNodes.contains(2) && $0.offlineReplicas == [2] })
            }
        }
    }

    @Test func quorumLossFailsCreateTopicsWithRequestTimedOut() async throws {
        try await SimulatedKafkaCluster.withRunningCluster(configuration: Self.sixBrokers) { cluster, running in
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.setControllerRunning(1000, false)
                try model.setControllerRunning(1002, false)
            }
            try await TestKafkaConnection.with(port: running.ports[1]!) { connection in
                let created = try await connection.send(
                    CreateTopicsRequest(topics: [.init(name: "late", numPartitions: 1, replicationFactor: 3)], timeoutMs: 1000), version: 7)
                #expect(created.topics.first?.errorCode == KafkaErrorCode.requestTimedOut.rawValue)
                let quorum = try await connection.send(DescribeQuorumRequest(topics: [.init(topicName: "__cluster_metadata", partitions: [.init(partitionIndex: 0)])]), version: 2)
                #expect(quorum.errorCode != 0)
            }
        }
    }

    @Test func describeQuorumShowsAStoppedVoterLagging() async throws {
        try await SimulatedKafkaCluster.withRunningCluster(configuration: Self.sixBrokers) { cluster, running in
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.setControllerRunning(1002, false)
                try model.createTopic("orders", partitions: 3, replicationFactor: 3)
                model.advance(byMs: 5_000)
            }
            try await TestKafkaConnection.with(port: running.ports[2]!) { connection in
                let quorum = try await connection.send(
                    DescribeQuorumRequest(topics: [.init(topicName: "__cluster_metadata", partitions: [.init(partitionIndex: 0)])]), version: 2)
                let partition = try #require(quorum.topics.first?.partitions.first)
                #expect(partition.leaderId == cluster.model.quorum.leaderId)
                let stopped = try #require(partition.currentVoters.first { $0.replicaId == 1002 })
                #expect(stopped.logEndOffset < partition.highWatermark)
                // Timestamps are wall-clock epoch ms (simulated time shifted by the origin), as clients expect.
                let origin = cluster.model.configuration.wallClockOriginMs
                #expect(origin > 1_700_000_000_000)
                #expect(partition.currentVoters.allSatisfy { $0.lastCaughtUpTimestamp >= origin })
                #expect(partition.currentVoters.filter { $0.replicaId != 1002 }.allSatisfy { $0.logEndOffset == partition.highWatermark })
                #expect(stopped.lastCaughtUpTimestamp < partition.currentVoters.first { $0.replicaId == partition.leaderId }!.lastCaughtUpTimestamp)
            }
        }
    }

    @Test func reassignmentIsListedWhileInProgressAndGoneWhenDone() async throws {
        var configuration = Self.sixBrokers
        configuration.replicationThroughputBytesPerSecond = 1024 * 1024
        try await SimulatedKafkaCluster.withRunningCluster(configuration: configuration) { cluster, running in
            let replicas = try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.createTopic("orders", partitions: 1, replicationFactor: 3)
                try model.setTraffic(TrafficModel(bytesPerSecondPerPartition: 100 * 1024), topic: "orders")
                model.advance(byMs: 20_000)
                return model.partition("orders", 0)?.replicas ?? []
            }
            let spare = try #require(Set((1...6).map(Int32.init)).subtracting(replicas).sorted().first)
            let target = [spare, replicas[1], replicas[2]]
            try await TestKafkaConnection.with(port: running.ports[1]!) { connection in
                let altered = try await connection.send(
                    AlterPartitionReassignmentsRequest(topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, replicas: target)])]),
                    version: 0)
                #expect(altered.responses.first?.partitions.first?.errorCode == 0)
                let listed = try await connection.send(ListPartitionReassignmentsRequest(topics: nil), version: 0)
                let ongoing = try #require(listed.topics.first?.partitions.first)
                #expect(ongoing.addingReplicas == [spare])
                #expect(ongoing.removingReplicas == [replicas[0]])
                cluster.advance(byMs: 600_000)
                let after = try await connection.send(ListPartitionReassignmentsRequest(topics: nil), version: 0)
                #expect(after.topics.isEmpty)
                let metadata = try await connection.send(MetadataRequest(topics: [.init(name: "orders")]), version: 12)
                #expect(metadata.topics.first?.partitions.first?.replicaNodes == target)
                let cancel = try await connection.send(
                    AlterPartitionReassignmentsRequest(topics: [.init(name: "orders", partitions: [.init(partitionIndex: 0, replicas: nil)])]),
                    version: 0)
                #expect(cancel.responses.first?.partitions.first?.errorCode == KafkaErrorCode.noReassignmentInProgress.rawValue)
            }
        }
    }

    @Test func stoppedBrokerClosesConnections() async throws {
        try await SimulatedKafkaCluster.withRunningCluster(configuration: Self.sixBrokers) { cluster, running in
            try cluster.withModel { model throws(SimulatedKafkaError) in try model.killBroker(5) }
            await #expect(throws: TestKafkaConnection.ClosedByBroker.self) {
                try await TestKafkaConnection.with(port: running.ports[5]!) { connection in
                    _ = try await connection.send(ApiVersionsRequest(), version: 3)
                }
            }
        }
    }
}
