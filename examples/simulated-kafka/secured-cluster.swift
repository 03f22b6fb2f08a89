// A simulated cluster that requires SASL/SCRAM and enforces ACLs, driven by Capstan's admin client.
// (The same flow runs in Tests/KafkaAdminTests/Simulated/SimulatedAuthenticationTests.swift and, with
// confluent-kafka, in Tests/KafkaTestingTests/SecuredRealClientTests.swift.)
import KafkaAdmin
import KafkaTesting

var configuration = SimulatedClusterConfiguration()
configuration.brokers = SimulatedClusterConfiguration.brokers(3, racks: 3)
configuration.saslMechanisms = ["SCRAM-SHA-512"]
configuration.authorizationEnabled = true
configuration.superUsers = ["User:admin"]

try await SimulatedKafkaCluster.withRunningCluster(configuration: configuration) { cluster, running in
    try cluster.withModel { model throws(SimulatedKafkaError) in
        try model.addScramUser("admin", mechanism: .sha512, password: "admin-secret")
        try model.addScramUser("billing", mechanism: .sha512, password: "billing-secret")
    }
    var admin = KafkaAdminConfiguration(bootstrapServers: try KafkaBrokerAddress.parseList(running.bootstrapServers))
    admin.sasl = KafkaSASLConfiguration(mechanism: .scramSHA512, username: "admin", password: "admin-secret")
    try await withKafkaAdminClient(admin) { client in
        try await client.createTopics([KafkaNewTopic(name: "invoices", partitions: 6, replicationFactor: 3)])
        try await client.createAcls([
            KafkaAcl(resourceType: .topic, resourceName: "invoices", principal: "User:billing", operation: .read),
            KafkaAcl(resourceType: .group, resourceName: "billing", principal: "User:billing", operation: .read),
        ])
    }
    // Point an application at it: SASL_PLAINTEXT, SCRAM-SHA-512, billing / billing-secret.
    print("bootstrap.servers=\(running.bootstrapServers)")
}
