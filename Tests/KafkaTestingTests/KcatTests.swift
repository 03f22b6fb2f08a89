import Foundation
import Testing

@testable import KafkaTesting

/// kcat (librdkafka's command-line client, Debian's `kcat` package) against the simulated brokers:
/// metadata (-L), produce (-P) and consume in a consumer group (-G). Skipped visibly without kcat
/// (scripts/install-test-deps.sh installs it with apt-get where apt is available).
@Suite struct KcatTests {
    static let kcat: String? = {
        let found = ["kcat", "kafkacat"].first { (try? RealClientTests.run(["sh", "-c", "command -v \($0)"]).status) == 0 }
        if found == nil { print("SKIPPED: KcatTests need kcat (apt-get install kcat; scripts/install-test-deps.sh)") }
        return found
    }()

    struct Metadata: Decodable {
        struct Broker: Decodable { var id: Int32; var name: String }
        struct Topic: Decodable {
            struct Partition: Decodable {
                struct Replica: Decodable { var id: Int32 }
                var partition: Int32
                var leader: Int32
                var replicas: [Replica]
                var isrs: [Replica]
            }
            var topic: String
            var partitions: [Partition]
        }
        var brokers: [Broker]
        var topics: [Topic]
    }

    /// Runs kcat with a deadline, so that a client that cannot make progress fails the test instead of hanging it.
    static func kcat(_ arguments: [String]) async throws -> (status: Int32, output: String, errors: String) {
        let command = ["timeout", "60", kcat ?? "kcat"] + arguments
        return try await offloadBlocking { try RealClientTests.run(command) }
    }

    @Test(.enabled(if: kcat != nil, "needs kcat"))
    func kcatListsProducesAndConsumesInAGroup() async throws {
        var configuration = SimulatedClusterConfiguration()
        configuration.brokers = SimulatedClusterConfiguration.brokers(3, racks: 3)
        try await SimulatedKafkaCluster.withRunningCluster(configuration: configuration) { cluster, running in
            try cluster.withModel { model throws(SimulatedKafkaError) in try model.createTopic("kcat-orders", partitions: 3, replicationFactor: 3) }
            let bootstrap = running.bootstrapServers

            let listed = try await Self.kcat(["-L", "-J", "-b", bootstrap])
            try #require(listed.status == 0, "kcat -L failed: \(listed.errors)")
            let metadata = try JSONDecoder().decode(Metadata.self, from: Data(listed.output.utf8))
            let model = cluster.model
            #expect(metadata.brokers.map(\.id).sorted() == model.brokerIds)
            #expect(metadata.brokers.allSatisfy { $0.name == "127.0.0.1:\(model.brokers[$0.id]!.port)" })
            let topic = try #require(metadata.topics.first { $0.topic == "kcat-orders" })
            for partition in topic.partitions {
                let expected = try #require(model.partition("kcat-orders", partition.partition))
                #expect(partition.leader == expected.leader)
                #expect(partition.replicas.map(\.id) == expected.replicas)
                #expect(partition.isrs.map(\.id) == expected.isr)
            }

            let count = 30
            let input = FileManager.default.temporaryDirectory.appendingPathComponent("kcat-input-\(UUID().uuidString).txt")
            try (0..<count).map { "kcat-\($0)" }.joined(separator: "\n").appending("\n").write(to: input, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: input) }
            let produced = try await Self.kcat(["-P", "-b", bootstrap, "-t", "kcat-orders", "-X", "acks=all", "-l", input.path])
            try #require(produced.status == 0, "kcat -P failed: \(produced.errors)")
            #expect(cluster.model.topics["kcat-orders"]!.partitions.reduce(Int64(0)) { $0 + $1.logEndOffset } == Int64(count))

            let consumed = try await Self.kcat([
                "-b", bootstrap, "-G", "kcat-group", "-X", "auto.offset.reset=earliest", "-c", "\(count)", "-f", "%s\\n", "-q", "kcat-orders",
            ])
            try #require(consumed.status == 0, "kcat -G failed: \(consumed.errors)")
            let values = consumed.output.split(separator: "\n").map(String.init).sorted()
            #expect(values == (0..<count).map { "kcat-\($0)" }.sorted())
            #expect(cluster.model.groups["kcat-group"] != nil, "kcat joined the group at its coordinator")
        }
    }
}
