import NIOCore

extension ClusterModel {
    // MARK: ACLs

    /// CreateAcls: validates like Kafka's authorizer, then stores (creating an existing ACL is a no-op).
    public mutating func createAcl(_ acl: AclBinding) throws(SimulatedKafkaError) {
        guard (2...7).contains(acl.resourceType) else {
            throw SimulatedKafkaError(.invalidRequest, "ACL resource type \(acl.resourceType) must be a concrete type (TOPIC 2, GROUP 3, CLUSTER 4, TRANSACTIONAL_ID 5, DELEGATION_TOKEN 6, USER 7)")
        }
        guard acl.patternType == 3 || acl.patternType == 4 else {
            throw SimulatedKafkaError(.invalidRequest, "ACL pattern type \(acl.patternType) must be LITERAL (3) or PREFIXED (4)")
        }
        guard acl.operation >= 2 else {
            throw SimulatedKafkaError(.invalidRequest, "ACL operation \(acl.operation) must be a concrete operation, not ANY or UNKNOWN")
        }
        guard acl.permissionType == 2 || acl.permissionType == 3 else {
            throw SimulatedKafkaError(.invalidRequest, "ACL permission type \(acl.permissionType) must be DENY (2) or ALLOW (3)")
        }
        guard let colon = acl.principal.firstIndex(of: ":"), colon != acl.principal.startIndex, acl.principal.index(after: colon) != acl.principal.endIndex else {
            throw SimulatedKafkaError(.invalidRequest, "ACL principal '\(acl.principal)' must be of the form Type:name, e.g. User:alice")
        }
        guard !acl.resourceName.isEmpty else {
            throw SimulatedKafkaError(.invalidRequest, "ACL resource name must not be empty")
        }
        try commitMetadataChange("CreateAcls")
        if !acls.contains(acl) { acls.append(acl) }
    }

    public func describeAcls(_ filter: AclFilter) -> [AclBinding] { acls.filter(filter.matches) }

    /// DeleteAcls: removes and returns every ACL the filter matches.
    public mutating func deleteAcls(_ filter: AclFilter) throws(SimulatedKafkaError) -> [AclBinding] {
        let matching = acls.filter(filter.matches)
        guard !matching.isEmpty else { return [] }
        try commitMetadataChange("DeleteAcls")
        acls.removeAll(where: filter.matches)
        return matching
    }

    // MARK: SCRAM

    public mutating func upsertScramCredential(user: String, mechanism rawMechanism: Int8, credential: ScramCredential) throws(SimulatedKafkaError) {
        guard let mechanism = ScramMechanism(rawValue: rawMechanism) else {
            throw SimulatedKafkaError(.unsupportedSaslMechanism, "Unknown SCRAM mechanism \(rawMechanism) for user \(user): use SCRAM-SHA-256 (1) or SCRAM-SHA-512 (2)")
        }
        guard !user.isEmpty else { throw SimulatedKafkaError(.unacceptableCredential, "Username must not be empty") }
        guard (4096...16384).contains(credential.iterations) else {
            throw SimulatedKafkaError(.unacceptableCredential, "Iterations \(credential.iterations) for user \(user) must be between 4096 and 16384")
        }
        try commitMetadataChange("AlterUserScramCredentials \(user)")
        scramUsers[user, default: [:]][mechanism] = credential
    }

    /// Adds or replaces a user's SCRAM credential from a clear-text password, with a random salt: what
    /// `kafka-storage format --add-scram` does when a cluster is bootstrapped with users.
    public mutating func addScramUser(_ user: String, mechanism: ScramMechanism, password: String, iterations: Int32 = 8192) throws(SimulatedKafkaError) {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let salted = mechanism.saltedPassword(password, salt: salt, iterations: Int(iterations))
        try upsertScramCredential(
            user: user, mechanism: mechanism.rawValue,
            credential: ScramCredential(iterations: iterations, salt: ByteBuffer(bytes: salt), saltedPassword: ByteBuffer(bytes: salted)))
    }

    public mutating func deleteScramCredential(user: String, mechanism rawMechanism: Int8) throws(SimulatedKafkaError) {
        guard let mechanism = ScramMechanism(rawValue: rawMechanism) else {
            throw SimulatedKafkaError(.unsupportedSaslMechanism, "Unknown SCRAM mechanism \(rawMechanism) for user \(user)")
        }
        guard scramUsers[user]?[mechanism] != nil else {
            throw SimulatedKafkaError(.resourceNotFound, "Attempt to delete a user credential that does not exist: \(user)")
        }
        try commitMetadataChange("AlterUserScramCredentials \(user)")
        scramUsers[user]![mechanism] = nil
        if scramUsers[user]!.isEmpty { scramUsers[user] = nil }
    }

    // MARK: Quotas

    static let quotaKeys: Set<String> = ["producer_byte_rate", "consumer_byte_rate", "request_percentage", "controller_mutation_rate", "connection_creation_rate"]

    /// AlterClientQuotas: set or remove keys of one entity.
    public mutating func alterQuota(_ entity: QuotaEntity, set values: [String: Double], remove: [String], validateOnly: Bool) throws(SimulatedKafkaError) {
        let validTypes: Set<String> = ["user", "client-id", "ip"]
        if let bad = entity.components.first(where: { !validTypes.contains($0.type) }) {
            throw SimulatedKafkaError(.invalidRequest, "Unknown quota entity type '\(bad.type)': use user, client-id or ip")
        }
        if let bad = (Array(values.keys) + remove).first(where: { !Self.quotaKeys.contains($0) }) {
            throw SimulatedKafkaError(.invalidRequest, "Unknown quota key '\(bad)': use one of \(Self.quotaKeys.sorted())")
        }
        if let bad = values.first(where: { $0.value <= 0 }) {
            throw SimulatedKafkaError(.invalidRequest, "Quota \(bad.key) must be positive, got \(bad.value)")
        }
        if validateOnly { return }
        try commitMetadataChange("AlterClientQuotas")
        var current = quotas[entity] ?? [:]
        for key in remove { current[key] = nil }
        for (key, value) in values { current[key] = value }
        quotas[entity] = current.isEmpty ? nil : current
    }
}

extension ClusterModel {
    /// The quota `key` (e.g. `producer_byte_rate`) that applies to `user` with `clientId`, in Kafka's order
    /// of precedence (KIP-55): user and client id, user and default client, user, default user and client
    /// id, default user and default client, default user, client id, default client. nil: no quota.
    public func quota(_ key: String, user: String, clientId: String) -> Double? {
        func entity(user: String?? = .none, client: String?? = .none) -> QuotaEntity {
            var components: [QuotaEntityComponent] = []
            if case .some(let name) = user { components.append(QuotaEntityComponent(type: "user", name: name)) }
            if case .some(let name) = client { components.append(QuotaEntityComponent(type: "client-id", name: name)) }
            return QuotaEntity(components)
        }
        let defaultName: String?? = .some(nil)
        let order = [
            entity(user: .some(user), client: .some(clientId)), entity(user: .some(user), client: defaultName), entity(user: .some(user)),
            entity(user: defaultName, client: .some(clientId)), entity(user: defaultName, client: defaultName), entity(user: defaultName),
            entity(client: .some(clientId)), entity(client: defaultName),
        ]
        for candidate in order {
            if let value = quotas[candidate]?[key] { return value }
        }
        return nil
    }
}
