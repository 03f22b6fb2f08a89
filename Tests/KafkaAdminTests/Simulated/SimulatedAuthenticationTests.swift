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

    /// READ on a topic implies DESCRIBE, nothing more: deleting records needs DELETE, adding partitions ALTER,
    /// configs DESCRIBE_CONFIGS / ALTER_CONFIGS (broker configs on the cluster); refused requests change nothing.
    @Test func eachResourceApiNeedsItsOwnPermission() async throws {
        try await Self.withSecuredCluster(as: Self.alice) { cluster, client in
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.createAcl(AclBinding(resourceType: 2, resourceName: "orders", patternType: 3, principal: "User:alice", host: "*", operation: 3, permissionType: 3))
            }
            let first = KafkaTopicPartition("orders", 0)
            #expect(try await client.listOffsets([first], spec: .latest)[first] == 0, "ListOffsets needs only DESCRIBE")

            let records = await #expect(throws: KafkaAdminError.self) { try await client.deleteRecords(before: [first: -1]) }
            #expect(records?.name == "TOPIC_AUTHORIZATION_FAILED")
            let grow = await #expect(throws: KafkaAdminError.self) { try await client.createPartitions(["orders": 4]) }
            #expect(grow?.name == "TOPIC_AUTHORIZATION_FAILED")
            #expect(cluster.model.topics["orders"]?.partitions.count == 2)
            let topicConfigs = await #expect(throws: KafkaAdminError.self) { try await client.describeConfigs([.topic("orders")]) }
            #expect(topicConfigs?.name == "TOPIC_AUTHORIZATION_FAILED")
            let brokerConfigs = await #expect(throws: KafkaAdminError.self) { try await client.describeConfigs([.broker(1)]) }
            #expect(brokerConfigs?.name == "CLUSTER_AUTHORIZATION_FAILED")
            let alter = await #expect(throws: KafkaAdminError.self) {
                try await client.incrementalAlterConfigs([.topic("orders"): [.set("retention.ms", "1000")]])
            }
            #expect(alter?.name == "TOPIC_AUTHORIZATION_FAILED")
            #expect(cluster.model.topics["orders"]?.configs["retention.ms"] == nil)

            try cluster.withModel { model throws(SimulatedKafkaError) in  // ALTER_CONFIGS, which implies DESCRIBE_CONFIGS
                try model.createAcl(AclBinding(resourceType: 2, resourceName: "orders", patternType: 3, principal: "User:alice", host: "*", operation: 11, permissionType: 3))
            }
            try await client.incrementalAlterConfigs([.topic("orders"): [.set("retention.ms", "1000")]])
            #expect(try await client.describeConfigs([.topic("orders")])[.topic("orders")]?.first { $0.name == "retention.ms" }?.value == "1000")
        }
    }

    /// ListGroups shows a principal only the groups it may DESCRIBE, unless it may DESCRIBE the cluster.
    @Test func listGroupsShowsOnlyDescribableGroups() async throws {
        try await Self.withSecuredCluster(as: Self.alice) { cluster, client in
            try cluster.withModel { model throws(SimulatedKafkaError) in
                for group in ["billing", "shipping"] {
                    try model.commitOffset(
                        group, onBroker: try model.coordinator(forKey: group), memberId: "", generation: -1, topic: "orders", partition: 0,
                        offset: 0, metadata: nil)
                }
                try model.createAcl(AclBinding(resourceType: 3, resourceName: "billing", patternType: 3, principal: "User:alice", host: "*", operation: 8, permissionType: 3))
            }
            #expect(try await client.listGroups().map(\.groupId) == ["billing"])
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.createAcl(AclBinding(resourceType: 4, resourceName: "kafka-cluster", patternType: 3, principal: "User:alice", host: "*", operation: 8, permissionType: 3))
            }
            #expect(try await client.listGroups().map(\.groupId).sorted() == ["billing", "shipping"])
        }
    }

    /// An idempotent producer needs IDEMPOTENT_WRITE on the cluster or WRITE on some topic; a transactional
    /// one WRITE on its transactional id. Raw requests, as a producer sends them.
    @Test func initProducerIdNeedsIdempotentWriteOrTheTransactionalId() async throws {
        try await Self.withSecuredCluster(as: Self.alice) { cluster, client in
            var idempotent = try await client.send(InitProducerIdRequest(transactionalId: nil, transactionTimeoutMs: 60_000))
            #expect(idempotent.errorCode == KafkaErrorCode.clusterAuthorizationFailed.rawValue)
            try cluster.withModel { model throws(SimulatedKafkaError) in  // WRITE on topics prefixed "alice."
                try model.createAcl(AclBinding(resourceType: 2, resourceName: "alice.", patternType: 4, principal: "User:alice", host: "*", operation: 4, permissionType: 3))
            }
            idempotent = try await client.send(InitProducerIdRequest(transactionalId: nil, transactionTimeoutMs: 60_000))
            #expect(idempotent.errorCode == 0)
            #expect(idempotent.producerId >= 0)
            let transactional = try await client.send(InitProducerIdRequest(transactionalId: "alice-tx", transactionTimeoutMs: 60_000))
            #expect(transactional.errorCode == KafkaErrorCode.transactionalIdAuthorizationFailed.rawValue)
        }
    }

    /// Committing offsets needs READ on the group and on each topic; a refused topic is not committed.
    @Test func offsetCommitNeedsReadOnEachTopic() async throws {
        try await Self.withSecuredCluster(as: Self.alice) { cluster, client in
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.createTopic("payments", partitions: 1, replicationFactor: 3)
                try model.createAcl(AclBinding(resourceType: 3, resourceName: "billing", patternType: 3, principal: "User:alice", host: "*", operation: 3, permissionType: 3))
                try model.createAcl(AclBinding(resourceType: 2, resourceName: "orders", patternType: 3, principal: "User:alice", host: "*", operation: 3, permissionType: 3))
            }
            let commit = OffsetCommitRequest(
                groupId: "billing", generationIdOrMemberEpoch: -1, memberId: "",
                topics: ["orders", "payments"].map { .init(name: $0, partitions: [.init(partitionIndex: 0, committedOffset: 0)]) })
            let response = try await client.send(commit, to: .groupCoordinator("billing"))
            let codes = Dictionary(uniqueKeysWithValues: response.topics.map { ($0.name, $0.partitions.first?.errorCode) })
            #expect(codes["orders"] == 0)
            #expect(codes["payments"] == KafkaErrorCode.topicAuthorizationFailed.rawValue)
            let committed = cluster.model.groups["billing"]?.offsets
            #expect(committed?["orders"]?[0] != nil)
            #expect(committed?["payments"] == nil)
        }
    }
}
