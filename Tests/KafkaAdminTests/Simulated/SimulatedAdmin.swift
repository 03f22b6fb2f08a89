import KafkaAdmin
import KafkaTesting

/// Runs the real `KafkaAdminClient` against a `SimulatedKafkaCluster` whose brokers listen on 127.0.0.1:
/// the admin client speaks the Kafka protocol to them exactly as it would to Apache Kafka.
enum SimulatedAdmin {
    /// Six brokers on three racks (rack-a, rack-b, rack-c), three controller voters.
    static var sixBrokers: SimulatedClusterConfiguration {
        var configuration = SimulatedClusterConfiguration()
        configuration.brokers = SimulatedClusterConfiguration.brokers(6, racks: 3)
        return configuration
    }

    static func with<T: Sendable>(
        _ configuration: SimulatedClusterConfiguration = sixBrokers,
        adjust: (inout KafkaAdminConfiguration) -> Void = { _ in },
        _ body: (SimulatedKafkaCluster, KafkaAdminClient) async throws -> T
    ) async throws -> T {
        try await SimulatedKafkaCluster.withRunningCluster(configuration: configuration) { cluster, running in
            var admin = KafkaAdminConfiguration(bootstrapServers: try KafkaBrokerAddress.parseList(running.bootstrapServers))
            admin.requestTimeout = .seconds(10)
            admin.connectAttempts = 1
            adjust(&admin)
            return try await withKafkaAdminClient(admin) { client in try await body(cluster, client) }
        }
    }

    /// Puts `count` records into a partition through its leader, as a producer with acks=all would.
    static func produce(_ cluster: SimulatedKafkaCluster, topic: String, partition: Int32, count: Int) throws {
        try cluster.withModel { model throws(SimulatedKafkaError) in
            guard let leader = model.partition(topic, partition)?.leader else {
                throw SimulatedKafkaError(.unknownTopicOrPartition, "no partition \(topic)-\(partition)")
            }
            _ = try model.append(
                records: RecordBatchBuilder.batch(values: (0..<count).map { Array("record-\($0)".utf8) }), topic: topic,
                partition: partition, onBroker: leader, acks: -1)
        }
    }
}

extension KafkaTopicPartition {
    init(_ topic: String, _ partition: Int32) { self.init(topic: topic, partition: partition) }
}
