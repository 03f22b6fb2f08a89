// Where each replica lives on disk, and moving one to another log directory of its broker (JBOD), with
// Capstan's admin client against a simulated cluster. (The same calls run in
// Tests/KafkaAdminTests/Simulated/SimulatedClusterTests.swift.) Simulated brokers have one directory each,
// so the move to a second disk is refused by name: LOG_DIR_NOT_FOUND.
import KafkaAdmin
import KafkaTesting

var configuration = SimulatedClusterConfiguration()
configuration.brokers = SimulatedClusterConfiguration.brokers(3, racks: 3)

try await SimulatedKafkaCluster.withRunningCluster(configuration: configuration) { cluster, running in
    let admin = KafkaAdminConfiguration(bootstrapServers: try KafkaBrokerAddress.parseList(running.bootstrapServers))
    try await withKafkaAdminClient(admin) { client in
        try await client.createTopics([KafkaNewTopic(name: "events", partitions: 3, replicationFactor: 2)])
        for dir in try await client.describeLogDirs() {
            print("broker \(dir.brokerId) \(dir.path): \(dir.partitions.map(\.partition.description))")
        }
        let refused = try await client.alterReplicaLogDirs([
            KafkaReplicaLogDirMove(brokerId: 1, partition: KafkaTopicPartition(topic: "events", partition: 0), path: "/mnt/disk2/kafka")
        ])
        for (move, error) in refused { print("\(move.partition) on broker \(move.brokerId): \(error)") }
    }
}
