import KafkaAdmin
import KafkaProtocol
import KafkaTesting
import Testing

/// ACLs, client quotas and SCRAM credentials of the real admin client against the simulated cluster.
@Suite("KafkaAdmin against the simulated cluster: ACLs, quotas, SCRAM users")
struct SimulatedSecurityTests {
    static let readOrders = KafkaAcl(resourceType: .topic, resourceName: "orders.", patternType: .prefixed, principal: "User:billing", operation: .read)
    static let writeOrders = KafkaAcl(resourceType: .topic, resourceName: "orders", principal: "User:shop", operation: .write)
    static let groupRead = KafkaAcl(resourceType: .group, resourceName: "billing", principal: "User:billing", operation: .read)

    @Test func aclsAreCreatedDescribedByFilterAndDeleted() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createAcls([Self.readOrders, Self.writeOrders, Self.groupRead])
            #expect(cluster.model.acls.count == 3)
            #expect(Set(try await client.describeAcls()) == Set([Self.readOrders, Self.writeOrders, Self.groupRead]))
            #expect(try await client.describeAcls(KafkaAclFilter(principal: "User:billing")).count == 2)
            #expect(try await client.describeAcls(KafkaAclFilter(resourceType: .group)) == [Self.groupRead])
            // MATCH: every ACL that applies to the topic "orders.eu" (the prefix, not the literal "orders").
            #expect(try await client.describeAcls(KafkaAclFilter(resourceType: .topic, resourceName: "orders.eu", patternType: .match)) == [Self.readOrders])
            #expect(try await client.describeAcls(KafkaAclFilter(operation: .alter)).isEmpty)

            let deleted = try await client.deleteAcls([KafkaAclFilter(principal: "User:billing")])
            #expect(Set(deleted) == Set([Self.readOrders, Self.groupRead]))
            #expect(cluster.model.acls.count == 1)
            #expect(try await client.describeAcls() == [Self.writeOrders])
            #expect(try await client.deleteAcls([KafkaAclFilter(principal: "User:nobody")]).isEmpty)
        }
    }

    @Test func aclsKafkaRefusesAreTypedErrors() async throws {
        try await SimulatedAdmin.with { cluster, client in
            let badPrincipal = KafkaAcl(resourceType: .topic, resourceName: "orders", principal: "billing", operation: .read)
            let error = await #expect(throws: KafkaAdminError.self) { try await client.createAcls([badPrincipal]) }
            #expect(error?.name == "INVALID_REQUEST")
            #expect(error?.message.contains("User:alice") == true, "the message shows the expected form")
            let anyOperation = KafkaAcl(resourceType: .topic, resourceName: "orders", principal: "User:x", operation: .any)
            let any = await #expect(throws: KafkaAdminError.self) { try await client.createAcls([anyOperation]) }
            #expect(any?.name == "INVALID_REQUEST")
            #expect(cluster.model.acls.isEmpty)
        }
    }

    @Test func clientQuotasAreSetDescribedAndRemoved() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.alterClientQuotas([
                (entity: ["user": "alice"], values: ["producer_byte_rate": 1_048_576, "consumer_byte_rate": 2_097_152]),
                (entity: ["user": nil], values: ["request_percentage": 50]),
                (entity: ["user": "alice", "client-id": "etl"], values: ["producer_byte_rate": 512]),
            ])
            #expect(cluster.model.quotas.count == 3)
            let alice = try await client.describeClientQuotas(["user": "alice"], strict: true)
            #expect(alice.count == 1)
            #expect(alice.first?.values == ["producer_byte_rate": 1_048_576, "consumer_byte_rate": 2_097_152])
            #expect(try await client.describeClientQuotas(["user": "alice"]).count == 2, "non-strict includes the user+client-id entity")
            let defaults = try await client.describeClientQuotas(["user": nil])
            #expect(defaults.first?.values == ["request_percentage": 50])
            #expect(try await client.describeClientQuotas().count == 3)

            try await client.alterClientQuotas([(entity: ["user": "alice"], values: ["consumer_byte_rate": nil])], validateOnly: true)
            #expect(try await client.describeClientQuotas(["user": "alice"], strict: true).first?.values.count == 2)
            try await client.alterClientQuotas([(entity: ["user": "alice"], values: ["consumer_byte_rate": nil])])
            #expect(try await client.describeClientQuotas(["user": "alice"], strict: true).first?.values == ["producer_byte_rate": 1_048_576])

            let unknownKey = await #expect(throws: KafkaAdminError.self) {
                try await client.alterClientQuotas([(entity: ["user": "bob"], values: ["bytes_per_fortnight": 1])])
            }
            #expect(unknownKey?.name == "INVALID_REQUEST")
            #expect(unknownKey?.message.contains("bytes_per_fortnight") == true)
        }
    }

    @Test func scramCredentialsAreUpsertedDescribedAndDeleted() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.alterUserScramCredentials([
                .upsert(user: "alice", mechanism: .sha512, password: "s3cret", iterations: 8192),
                .upsert(user: "bob", mechanism: .sha256, password: "hunter2", iterations: 4096),
            ])
            #expect(cluster.model.scramUsers.keys.sorted() == ["alice", "bob"])
            let all = try await client.describeUserScramCredentials()
            #expect(all.map(\.user) == ["alice", "bob"])
            #expect(all.first?.credentials.map(\.mechanism) == ["SCRAM-SHA-512"])
            #expect(all.first?.credentials.map(\.iterations) == [8192])

            try await client.alterUserScramCredentials([.delete(user: "bob", mechanism: .sha256)])
            #expect(try await client.describeUserScramCredentials().map(\.user) == ["alice"])
            let missing = await #expect(throws: KafkaAdminError.self) { try await client.describeUserScramCredentials(["bob"]) }
            #expect(missing?.name == "RESOURCE_NOT_FOUND")
            #expect(missing?.message.contains("'bob'") == true)
            let deleteMissing = await #expect(throws: KafkaAdminError.self) {
                try await client.alterUserScramCredentials([.delete(user: "carol", mechanism: .sha512)])
            }
            #expect(deleteMissing?.name == "RESOURCE_NOT_FOUND")
        }
    }
}
