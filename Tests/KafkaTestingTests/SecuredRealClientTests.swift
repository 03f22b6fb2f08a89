import Foundation
import Testing

@testable import KafkaTesting

/// confluent-kafka (librdkafka) against brokers that require SASL/SCRAM and enforce ACLs: it authenticates
/// with a SCRAM user of the model, works on what its ACLs grant, and is refused the rest with Kafka's errors.
@Suite struct SecuredRealClientTests {
    static let scriptPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts/secured_client.py").path

    static let confluentAvailable: Bool = {
        let ok = (try? RealClientTests.run(["python3", "-c", "import confluent_kafka"]).status) == 0
        if !ok { print("SKIPPED: SecuredRealClientTests need python3 with confluent-kafka (scripts/install-test-deps.sh)") }
        return ok
    }()

    struct Seen: Decodable {
        var topics: [String]
        var produce_errors: [String]
        var denied_produce: [String]
        var consumed: [String]
        var consume_errors: [String]?
        var wrong_password: String
        var wrong_password_errors: [String]
    }

    @Test(.enabled(if: confluentAvailable, "needs python3 with confluent-kafka"), arguments: ["SCRAM-SHA-256", "SCRAM-SHA-512"])
    func confluentKafkaAuthenticatesWithScramAndIsHeldToItsAcls(mechanism: String) async throws {
        var configuration = SimulatedClusterConfiguration()
        configuration.brokers = SimulatedClusterConfiguration.brokers(3, racks: 3)
        configuration.saslMechanisms = ["SCRAM-SHA-256", "SCRAM-SHA-512"]
        configuration.authorizationEnabled = true
        try await SimulatedKafkaCluster.withRunningCluster(configuration: configuration) { cluster, running in
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.addScramUser("app", mechanism: mechanism == "SCRAM-SHA-256" ? .sha256 : .sha512, password: "app-secret")
                try model.createTopic("payments", partitions: 3, replicationFactor: 3)
                try model.createTopic("secrets", partitions: 1, replicationFactor: 3)
                let grants: [(Int8, String, Int8)] = [(2, "payments", 4), (2, "payments", 3), (3, "payments-readers", 3)]  // WRITE, READ topic; READ group
                for (type, name, operation) in grants {
                    try model.createAcl(
                        AclBinding(resourceType: type, resourceName: name, patternType: 3, principal: "User:app", host: "*", operation: operation, permissionType: 3))
                }
            }
            let count = 50
            let result = try await offloadBlocking {
                try RealClientTests.run([
                    "python3", Self.scriptPath, running.bootstrapServers, mechanism, "app", "app-secret", "payments", "secrets", "payments-readers", "\(count)",
                ])
            }
            try #require(result.status == 0, "secured_client.py failed: \(result.errors.suffix(3000))")
            let seen = try JSONDecoder().decode(Seen.self, from: Data(result.output.utf8))
            #expect(seen.topics == ["payments"], "Metadata leaves out the topic app may not DESCRIBE")
            #expect(seen.produce_errors.isEmpty)
            #expect(seen.denied_produce == ["TOPIC_AUTHORIZATION_FAILED"])
            #expect(seen.consumed == (0..<count).map { "secure-\($0)" }.sorted())
            #expect(seen.consume_errors == nil)
            #expect(seen.wrong_password_errors.contains("_AUTHENTICATION"))
            #expect(seen.wrong_password != "listed")
            let model = cluster.model
            #expect(model.topics["payments"]!.partitions.reduce(Int64(0)) { $0 + $1.logEndOffset } == Int64(count))
            #expect(model.topics["secrets"]!.partitions.allSatisfy { $0.logEndOffset == 0 })
            #expect(model.lag(ofGroup: "payments-readers").values.allSatisfy { $0.values.allSatisfy { $0 == 0 } })
        }
    }
}
