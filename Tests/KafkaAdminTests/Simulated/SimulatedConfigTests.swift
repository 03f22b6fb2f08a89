import KafkaAdmin
import KafkaProtocol
import KafkaTesting
import Testing

/// DescribeConfigs / IncrementalAlterConfigs of the real admin client against the simulated cluster: topic
/// configs are all dynamic, broker configs keep Kafka's read-only / per-broker / cluster-wide distinction.
@Suite("KafkaAdmin against the simulated cluster: configs")
struct SimulatedConfigTests {
    @Test func topicConfigsAreSetDeletedAndReportedWithTheirSource() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "events", partitions: 1, configs: ["retention.ms": "3600000"])])
            var configs = try await client.describeConfigs([.topic("events")])[.topic("events")] ?? []
            #expect(configs.first { $0.name == "retention.ms" }?.value == "3600000")
            #expect(configs.first { $0.name == "retention.ms" }?.source == .dynamicTopicConfig)
            #expect(configs.first { $0.name == "cleanup.policy" }?.source == .defaultConfig)

            try await client.incrementalAlterConfigs([
                .topic("events"): [.set("min.insync.replicas", "2"), .delete("retention.ms"), .append("cleanup.policy", "compact")]
            ])
            #expect(cluster.model.minInsyncReplicas(of: "events") == 2)
            #expect(cluster.model.topics["events"]?.configs["retention.ms"] == nil)
            configs = try await client.describeConfigs([.topic("events")])[.topic("events")] ?? []
            #expect(configs.first { $0.name == "retention.ms" }?.source == .defaultConfig)
            #expect(configs.first { $0.name == "cleanup.policy" }?.value == "delete,compact")
            #expect(configs.allSatisfy { !$0.isReadOnly && $0.updateMode == nil })

            try await client.incrementalAlterConfigs([.topic("events"): [.subtract("cleanup.policy", "delete")]])
            #expect(cluster.model.topics["events"]?.configs["cleanup.policy"] == "compact")
        }
    }

    @Test func validateOnlyChangesNothingAndBadValuesAreNamed() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "events", partitions: 1)])
            try await client.incrementalAlterConfigs([.topic("events"): [.set("retention.ms", "1000")]], validateOnly: true)
            #expect(cluster.model.topics["events"]?.configs["retention.ms"] == nil)

            let bad = await #expect(throws: KafkaAdminError.self) {
                try await client.incrementalAlterConfigs([.topic("events"): [.set("min.insync.replicas", "0")]])
            }
            #expect(bad?.name == "INVALID_CONFIG")
            #expect(bad?.message.contains("min.insync.replicas") == true)
            let notList = await #expect(throws: KafkaAdminError.self) {
                try await client.incrementalAlterConfigs([.topic("events"): [.append("retention.ms", "5")]])
            }
            #expect(notList?.name == "INVALID_CONFIG")
            #expect(notList?.message.contains("because its type is not LIST") == true)
            let unknown = await #expect(throws: KafkaAdminError.self) {
                try await client.incrementalAlterConfigs([.topic("events"): [.set("no.such.config", "1")]])
            }
            #expect(unknown?.message.contains("no.such.config") == true)
            let missing = await #expect(throws: KafkaAdminError.self) { try await client.describeConfigs([.topic("ghost")]) }
            #expect(missing?.name == "UNKNOWN_TOPIC_OR_PARTITION")
        }
    }

    @Test func brokerConfigsReportTheirUpdateModeAndStaticValues() async throws {
        try await SimulatedAdmin.with { _, client in
            let configs = try await client.describeConfigs([.broker(3)])[.broker(3)] ?? []
            let rack = try #require(configs.first { $0.name == "broker.rack" })
            #expect(rack.value == "rack-c")
            #expect(rack.source == .staticBrokerConfig)
            #expect(rack.isReadOnly)
            #expect(rack.updateMode == .readOnly)
            #expect(configs.first { $0.name == "sasl.enabled.mechanisms" }?.updateMode == .perBroker)
            #expect(configs.first { $0.name == "leader.replication.throttled.rate" }?.updateMode == .clusterWide)
            #expect(configs.first { $0.name == "log.cleaner.threads" }?.updateMode == .clusterWide)
            #expect(configs.first { $0.name == "ssl.keystore.password" }?.isSensitive == true)
            #expect(configs.first { $0.name == "ssl.keystore.password" }?.value == nil, "sensitive values are never shown")
        }
    }

    @Test func dynamicBrokerConfigsApplyPerBrokerAndClusterWide() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.incrementalAlterConfigs([
                .broker(2): [.set("leader.replication.throttled.rate", "1048576")],
                .clusterDefaultBroker: [.set("log.cleaner.threads", "2")],
            ])
            #expect(cluster.model.brokers[2]?.dynamicConfigs["leader.replication.throttled.rate"] == "1048576")
            #expect(cluster.model.clusterDynamicConfigs["log.cleaner.threads"] == "2")
            let described = try await client.describeConfigs([.broker(2), .broker(5)])
            #expect(described[.broker(2)]?.first { $0.name == "leader.replication.throttled.rate" }?.source == .dynamicBrokerConfig)
            #expect(described[.broker(5)]?.first { $0.name == "leader.replication.throttled.rate" }?.source == .defaultConfig)
            #expect(described[.broker(5)]?.first { $0.name == "log.cleaner.threads" }?.value == "2")
            #expect(described[.broker(5)]?.first { $0.name == "log.cleaner.threads" }?.source == .dynamicDefaultBrokerConfig)
        }
    }

    @Test func staticBrokerConfigsAndPerBrokerDefaultsAreRefusedWithInvalidConfig() async throws {
        try await SimulatedAdmin.with { cluster, client in
            // The client refuses a read-only config before sending (it knows Kafka's table)...
            let local = await #expect(throws: KafkaAdminError.self) {
                try await client.incrementalAlterConfigs([.broker(1): [.set("broker.rack", "elsewhere")]])
            }
            #expect(local?.name == "INVALID_CONFIG")
            #expect(local?.message.contains("broker.rack") == true)
            // ...and the broker refuses it too when a request carries it anyway.
            let response = try await client.send(
                IncrementalAlterConfigsRequest(resources: [
                    .init(resourceType: 4, resourceName: "1", configs: [.init(name: "broker.rack", configOperation: 0, value: "elsewhere")])
                ]),
                to: .broker(1))
            #expect(response.responses.first?.errorCode == KafkaErrorCode.invalidConfig.rawValue)
            #expect(response.responses.first?.errorMessage?.contains("Cannot update these configs dynamically") == true)
            #expect(cluster.model.brokers[1]?.rack == "rack-a")

            let perBroker = await #expect(throws: KafkaAdminError.self) {
                try await client.incrementalAlterConfigs([.clusterDefaultBroker: [.set("sasl.enabled.mechanisms", "PLAIN")]])
            }
            #expect(perBroker?.name == "INVALID_CONFIG")
            #expect(perBroker?.message.contains("broker id must be specified") == true)
        }
    }
}
