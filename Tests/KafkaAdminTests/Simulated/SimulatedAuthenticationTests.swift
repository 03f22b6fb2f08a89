import KafkaAdmin
import KafkaProtocol
import KafkaTesting
import Testing

/// The admin client's SASL (SCRAM-SHA-256/512, PLAIN) against simulated brokers that require it, and
/// Kafka's authorizer: what a principal without ACLs may see and do, and what ACLs grant.
@Suite("KafkaAdmin against the simulated cluster: SASL and ACL enforcement")
struct SimulatedAuthenticationTests {
    /// SASL on every listener, an authorizer, `User:admin` a super user; admin and alice have passwords.
    static var secured: SimulatedClusterConfiguration {
        var configuration = SimulatedAdmin.sixBrokers
        configuration.saslMechanisms = ["SCRAM-SHA-256", "SCRAM-SHA-512", "PLAIN"]
        configuration.authorizationEnabled = true
        configuration.superUsers = ["User:admin"]
        return configuration
    }

    static func withSecuredCluster<T: Sendable>(
        as sasl: KafkaSASLConfiguration, _ body: (SimulatedKafkaCluster, KafkaAdminClient) async throws -> T
    ) async throws -> T {
        var configuration = secured
        configuration.brokers = SimulatedClusterConfiguration.brokers(3, racks: 3)
        return try await SimulatedAdmin.with(configuration, adjust: { $0.sasl = sasl }) { cluster, client in
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.addScramUser("admin", mechanism: .sha512, password: "admin-secret")
                try model.addScramUser("alice", mechanism: .sha256, password: "alice-secret", iterations: 4096)
                try model.createTopic("orders", partitions: 2, replicationFactor: 3)
            }
            return try await body(cluster, client)
        }
    }

    static let admin = KafkaSASLConfiguration(mechanism: .scramSHA512, username: "admin", password: "admin-secret")
    static let alice = KafkaSASLConfiguration(mechanism: .scramSHA256, username: "alice", password: "alice-secret")

    @Test func scramAuthenticatesAndASuperUserMayDoEverything() async throws {
        try await Self.withSecuredCluster(as: Self.admin) { cluster, client in
            #expect(try await client.listTopics() == ["orders"])
            try await client.createTopics([KafkaNewTopic(name: "audit", partitions: 1)])
            #expect(cluster.model.topics["audit"] != nil)
            #expect(try await client.describeAcls().isEmpty)
        }
    }

    @Test func plainIsCheckedAgainstTheStoredScramCredential() async throws {
        let plain = KafkaSASLConfiguration(mechanism: .plain, username: "admin", password: "admin-secret")
        try await Self.withSecuredCluster(as: plain) { _, client in
            let cluster = try await client.describeCluster()
            #expect(cluster.brokers.count == 3)
        }
    }

    @Test(arguments: [
        KafkaSASLConfiguration(mechanism: .scramSHA512, username: "admin", password: "wrong"),
        KafkaSASLConfiguration(mechanism: .scramSHA256, username: "mallory", password: "anything"),
        KafkaSASLConfiguration(mechanism: .scramSHA512, username: "alice", password: "alice-secret"),  // alice has SHA-256 only
        KafkaSASLConfiguration(mechanism: .plain, username: "alice", password: "wrong"),
    ])
    func wrongCredentialsAreSaslAuthenticationFailed(_ sasl: KafkaSASLConfiguration) async throws {
        try await Self.withSecuredCluster(as: sasl) { _, client in
            let error = await #expect(throws: KafkaAdminError.self) { try await client.describeCluster() }
            #expect(error?.code == .authenticationFailed)
            #expect(error?.name == "SASL_AUTHENTICATION_FAILED")
            #expect(error?.message.contains("'\(sasl.username)'") == true)
        }
    }

    @Test func aMechanismTheBrokerDoesNotEnableIsNamed() async throws {
        var configuration = Self.secured
        configuration.saslMechanisms = ["SCRAM-SHA-256"]
        try await SimulatedAdmin.with(configuration, adjust: { $0.sasl = Self.admin }) { _, client in
            let error = await #expect(throws: KafkaAdminError.self) { try await client.describeCluster() }
            #expect(error?.name == "UNSUPPORTED_SASL_MECHANISM")
            #expect(error?.message.contains("SCRAM-SHA-256") == true, "the error lists what the broker offers")
        }
    }

    @Test func aClientWithoutSaslIsDisconnected() async throws {
        try await SimulatedAdmin.with(Self.secured) { _, client in
            let error = await #expect(throws: KafkaAdminError.self) { try await client.listTopics() }
            #expect(error?.code == .connectionClosed || error?.code == .connectionFailed)
        }
    }

    @Test func withoutAclsAUserSeesNothingAndIsRefusedWithTheRightErrors() async throws {
        try await Self.withSecuredCluster(as: Self.alice) { cluster, client in
            let visible = try await client.listTopics()
            #expect(visible.isEmpty, "topics without DESCRIBE are left out of Metadata")
            let describe = await #expect(throws: KafkaAdminError.self) { try await client.describeTopics(["orders"]) }
            #expect(describe?.name == "TOPIC_AUTHORIZATION_FAILED")
            let create = await #expect(throws: KafkaAdminError.self) { try await client.createTopics([KafkaNewTopic(name: "alice.events", partitions: 1)]) }
            #expect(create?.name == "TOPIC_AUTHORIZATION_FAILED")
            #expect(create?.message.contains("'alice.events'") == true)
            let delete = await #expect(throws: KafkaAdminError.self) { try await client.deleteTopics(["orders"]) }
            #expect(delete?.name == "TOPIC_AUTHORIZATION_FAILED")
            #expect(cluster.model.topics.keys.sorted() == ["orders"])
            let acls = await #expect(throws: KafkaAdminError.self) { try await client.describeAcls() }
            #expect(acls?.name == "CLUSTER_AUTHORIZATION_FAILED")
            let users = await #expect(throws: KafkaAdminError.self) {
                try await client.alterUserScramCredentials([.upsert(user: "alice", mechanism: .sha256, password: "new", iterations: 4096)])
            }
            #expect(users?.name == "CLUSTER_AUTHORIZATION_FAILED")
            let groups = await #expect(throws: KafkaAdminError.self) { try await client.listConsumerGroupOffsets("billing") }
            #expect(groups?.name == "GROUP_AUTHORIZATION_FAILED")
            let quorum = await #expect(throws: KafkaAdminError.self) { try await client.describeQuorum() }
            #expect(quorum?.name == "CLUSTER_AUTHORIZATION_FAILED")
        }
    }

    @Test func aclsGrantWhatTheyNameAndDenyWins() async throws {
        try await Self.withSecuredCluster(as: Self.alice) { cluster, client in
            try cluster.withModel { model throws(SimulatedKafkaError) in
                for operation: Int8 in [5, 8] {  // CREATE, DESCRIBE on topics prefixed "alice."
                    try model.createAcl(
                        AclBinding(resourceType: 2, resourceName: "alice.", patternType: 4, principal: "User:alice", host: "*", operation: operation, permissionType: 3))
                }
                // READ on "orders" implies DESCRIBE.
                try model.createAcl(AclBinding(resourceType: 2, resourceName: "orders", patternType: 3, principal: "User:alice", host: "*", operation: 3, permissionType: 3))
            }
            try await client.createTopics([KafkaNewTopic(name: "alice.events", partitions: 1)])
            #expect(try await client.listTopics() == ["alice.events", "orders"])
            #expect(try await client.describeTopics(["orders"]).first?.partitions.count == 2)

            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.createAcl(AclBinding(resourceType: 2, resourceName: "*", patternType: 3, principal: "User:*", host: "*", operation: 8, permissionType: 2))
            }
            #expect(try await client.listTopics().isEmpty, "a DENY DESCRIBE for everyone overrides alice's ALLOWs")
        }
    }
}
