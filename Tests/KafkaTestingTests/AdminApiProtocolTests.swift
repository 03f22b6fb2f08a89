import KafkaProtocol
import NIOCore
import Testing

@testable import KafkaTesting

/// Configs, log dirs, ACLs, SCRAM, quotas, groups and UnregisterBroker over TCP.
@Suite struct AdminApiProtocolTests {
    @Test func configsKeepKafkasDynamicAndStaticDistinction() async throws {
        try await SimulatedKafkaCluster.withRunningCluster(configuration: BrokerProtocolTests.sixBrokers) { cluster, running in
            try cluster.withModel { model throws(SimulatedKafkaError) in try model.createTopic("orders", partitions: 3, replicationFactor: 3) }
            try await TestKafkaConnection.with(port: running.ports[1]!) { connection in
                let altered = try await connection.send(
                    IncrementalAlterConfigsRequest(resources: [
                        .init(resourceType: 2, resourceName: "orders", configs: [.init(name: "min.insync.replicas", configOperation: 0, value: "2")]),
                        .init(resourceType: 4, resourceName: "3", configs: [.init(name: "leader.replication.throttled.rate", configOperation: 0, value: "1048576")]),
                        .init(resourceType: 4, resourceName: "3", configs: [.init(name: "broker.rack", configOperation: 0, value: "elsewhere")]),
                        .init(resourceType: 4, resourceName: "", configs: [.init(name: "sasl.enabled.mechanisms", configOperation: 0, value: "PLAIN")]),
                        .init(resourceType: 2, resourceName: "orders", configs: [.init(name: "no.such.config", configOperation: 0, value: "1")]),
                    ]),
                    version: 1)
                #expect(altered.responses.map(\.errorCode) == [0, 0, 40, 40, 40])
                #expect(altered.responses[2].errorMessage?.contains("broker.rack") == true)
                #expect(cluster.model.minInsyncReplicas(of: "orders") == 2)
                let described = try await connection.send(
                    DescribeConfigsRequest(resources: [
                        .init(resourceType: 2, resourceName: "orders", configurationKeys: ["min.insync.replicas", "retention.ms"]),
                        .init(resourceType: 4, resourceName: "3", configurationKeys: ["leader.replication.throttled.rate", "broker.rack"]),
                    ]),
                    version: 4)
                let topic = described.results[0].configs
                #expect(topic.first { $0.name == "min.insync.replicas" }?.value == "2")
                #expect(topic.first { $0.name == "min.insync.replicas" }?.configSource == ConfigSource.dynamicTopic.rawValue)
                #expect(topic.first { $0.name == "retention.ms" }?.configSource == ConfigSource.defaultConfig.rawValue)
                let broker = described.results[1].configs
                #expect(broker.first { $0.name == "leader.replication.throttled.rate" }?.configSource == ConfigSource.dynamicBroker.rawValue)
                #expect(broker.first { $0.name == "broker.rack" }?.value == "rack-c")
                #expect(broker.first { $0.name == "broker.rack" }?.readOnly == true)
            }
        }
    }

    @Test func aclsScramAndQuotasRoundTrip() async throws {
        try await SimulatedKafkaCluster.withRunningCluster(configuration: BrokerProtocolTests.sixBrokers) { cluster, running in
            try await TestKafkaConnection.with(port: running.ports[2]!) { connection in
                let created = try await connection.send(
                    CreateAclsRequest(creations: [
                        .init(resourceType: 2, resourceName: "orders.", resourcePatternType: 4, principal: "User:billing", host: "*", operation: 3, permissionType: 3),
                        .init(resourceType: 2, resourceName: "orders", resourcePatternType: 3, principal: "billing", host: "*", operation: 3, permissionType: 3),
                    ]),
                    version: 3)
                #expect(created.results.map(\.errorCode) == [0, KafkaErrorCode.invalidRequest.rawValue])
                let matching = try await connection.send(
                    DescribeAclsRequest(
                        resourceTypeFilter: 2, resourceNameFilter: "orders.eu", patternTypeFilter: 2, principalFilter: nil, hostFilter: nil, operation: 1,
                        permissionType: 1), version: 3)
                #expect(matching.resources.map(\.resourceName) == ["orders."])
                let deleted = try await connection.send(
                    DeleteAclsRequest(filters: [.init(resourceTypeFilter: 1, resourceNameFilter: nil, patternTypeFilter: 1, principalFilter: "User:billing", hostFilter: nil, operation: 1, permissionType: 1)]), version: 3)
                #expect(deleted.filterResults.first?.matchingAcls.count == 1)
                #expect(cluster.model.acls.isEmpty)

                let salt = ByteBuffer(bytes: [1, 2, 3])
                let scram = try await connection.send(
                    AlterUserScramCredentialsRequest(
                        deletions: [.init(name: "ghost", mechanism: 1)],
                        upsertions: [
                            .init(name: "alice", mechanism: 2, iterations: 8192, salt: salt, saltedPassword: salt),
                            .init(name: "weak", mechanism: 1, iterations: 10, salt: salt, saltedPassword: salt),
                        ]),
                    version: 0)
                #expect(scram.results.map(\.errorCode) == [KafkaErrorCode.resourceNotFound.rawValue, 0, KafkaErrorCode.unacceptableCredential.rawValue])
                let users = try await connection.send(DescribeUserScramCredentialsRequest(users: nil), version: 0)
                #expect(users.results.map(\.user) == ["alice"])
                #expect(users.results.first?.credentialInfos.first?.iterations == 8192)

                let quota = try await connection.send(
                    AlterClientQuotasRequest(entries: [
                        .init(entity: [.init(entityType: "user", entityName: "alice")], ops: [.init(key: "producer_byte_rate", value: 1_048_576)]),
                        .init(entity: [.init(entityType: "user", entityName: "bob")], ops: [.init(key: "bogus_rate", value: 1)]),
                    ]),
                    version: 1)
                #expect(quota.entries.map(\.errorCode) == [0, KafkaErrorCode.invalidRequest.rawValue])
                let quotas = try await connection.send(
                    DescribeClientQuotasRequest(components: [.init(entityType: "user", matchType: 0, match: "alice")]), version: 1)
                #expect(quotas.entries?.first?.values.first?.value == 1_048_576)
            }
        }
    }

    @Test func logDirsShowReplicaSizesAndUnregisterRemovesRegistrations() async throws {
        try await SimulatedKafkaCluster.withRunningCluster(configuration: BrokerProtocolTests.sixBrokers) { cluster, running in
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.createTopic("orders", partitions: 6, replicationFactor: 3)
                try model.setTraffic(TrafficModel(bytesPerSecondPerPartition: 1000), topic: "orders")
                model.advance(byMs: 10_000)
            }
            try await TestKafkaConnection.with(port: running.ports[4]!) { connection in
                let dirs = try await connection.send(DescribeLogDirsRequest(topics: nil), version: 4)
                let hosted = cluster.model.topics["orders"]!.partitions.filter { $0.replicas.contains(4) }
                #expect(dirs.results.first?.topics.first?.partitions.count == hosted.count)
                #expect(dirs.results.first?.topics.first?.partitions.allSatisfy { $0.partitionSize == 10_000 } == true)
                // Like KRaft, a running broker can be unregistered; it registers again with its next heartbeat.
                let running = try await connection.send(UnregisterBrokerRequest(brokerId: 5), version: 0)
                #expect(running.errorCode == 0)
                #expect(cluster.model.brokers[5]?.registered == false)
                cluster.advance(byMs: 1_000)
                #expect(cluster.model.brokers[5]?.registered == true)
                try cluster.withModel { model throws(SimulatedKafkaError) in try model.shutDownBroker(6) }
                let accepted = try await connection.send(UnregisterBrokerRequest(brokerId: 6), version: 0)
                #expect(accepted.errorCode == 0)
                cluster.advance(byMs: 1_000)
                let metadata = try await connection.send(MetadataRequest(topics: []), version: 12)
                #expect(!metadata.brokers.contains { $0.nodeId == 6 })
                let unknown = try await connection.send(UnregisterBrokerRequest(brokerId: 6), version: 0)
                #expect(unknown.errorCode == KafkaErrorCode.brokerIdNotRegistered.rawValue)
            }
        }
    }

    @Test func nodeStartedFromServerPropertiesJoinsAndShutsDownCleanly() async throws {
        var configuration = BrokerProtocolTests.sixBrokers
        configuration.brokers = Array(configuration.brokers.prefix(3))
        try await SimulatedKafkaCluster.withRunningCluster(configuration: configuration) { cluster, running in
            let node = try SimulatedKafkaNode(
                cluster: cluster,
                serverProperties: ["node.id": "7", "process.roles": "broker", "broker.rack": "rack-z", "listeners": "PLAINTEXT://127.0.0.1:0"],
                dataDirectory: "/var/lib/kafka/data-0")
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await node.run { continuation.yield($0) } }
                var iterator = ports.makeAsyncIterator()
                let port = try #require(await iterator.next())
                try await TestKafkaConnection.with(port: port) { connection in
                    let metadata = try await connection.send(MetadataRequest(topics: []), version: 12)
                    #expect(metadata.brokers.first { $0.nodeId == 7 }?.rack == "rack-z")
                }
                group.cancelAll()
            }
            #expect(cluster.model.brokers[7]?.state == .stopped(clean: true))
            #expect(throws: SimulatedKafkaError.self) {
                try SimulatedKafkaNode(cluster: cluster, serverProperties: ["node.id": "x", "process.roles": "broker"], dataDirectory: "/d")
            }
        }
    }
}
