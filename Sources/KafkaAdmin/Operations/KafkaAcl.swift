/// An access control entry bound to a resource pattern, as Kafka's ACL APIs carry it. Enum-like fields
/// are structs over the wire value so values newer than this client survive a describe/delete round.
public struct KafkaAcl: Sendable, Hashable, Codable {
    public var resourceType: ResourceType
    public var resourceName: String
    public var patternType: PatternType
    public var principal: String
    public var host: String
    public var operation: Operation
    public var permission: Permission

    public init(
        resourceType: ResourceType, resourceName: String, patternType: PatternType = .literal, principal: String,
        host: String = "*", operation: Operation, permission: Permission = .allow
    ) {
        self.resourceType = resourceType
        self.resourceName = resourceName
        self.patternType = patternType
        self.principal = principal
        self.host = host
        self.operation = operation
        self.permission = permission
    }

    /// An ACL from the wire values of a describe or delete answer; nil when a value is newer than this client.
    static func fromWire(
        resourceType: Int8, resourceName: String, patternType: Int8, principal: String, host: String, operation: Int8,
        permission: Int8
    ) -> KafkaAcl? {
        guard let type = ResourceType(rawValue: resourceType), let pattern = PatternType(rawValue: patternType),
            let operation = Operation(rawValue: operation), let permission = Permission(rawValue: permission)
        else { return nil }
        return KafkaAcl(
            resourceType: type, resourceName: resourceName, patternType: pattern, principal: principal, host: host,
            operation: operation, permission: permission)
    }

    /// Kafka's ResourceType.
    public enum ResourceType: Int8, Sendable, Hashable, Codable, CaseIterable {
        case any = 1, topic = 2, group = 3, cluster = 4, transactionalId = 5, delegationToken = 6, user = 7
    }

    /// Kafka's PatternType.
    public enum PatternType: Int8, Sendable, Hashable, Codable, CaseIterable {
        case any = 1, match = 2, literal = 3, prefixed = 4
    }

    /// Kafka's AclOperation.
    public enum Operation: Int8, Sendable, Hashable, Codable, CaseIterable {
        case any = 1, all = 2, read = 3, write = 4, create = 5, delete = 6, alter = 7, describe = 8, clusterAction = 9,
            describeConfigs = 10, alterConfigs = 11, idempotentWrite = 12, createTokens = 13, describeTokens = 14
    }

    /// Kafka's AclPermissionType.
    public enum Permission: Int8, Sendable, Hashable, Codable, CaseIterable {
        case any = 1, deny = 2, allow = 3
    }
}

/// A filter over ACLs: nil matches anything.
public struct KafkaAclFilter: Sendable, Hashable {
    public var resourceType: KafkaAcl.ResourceType = .any
    public var resourceName: String?
    public var patternType: KafkaAcl.PatternType = .any
    public var principal: String?
    public var host: String?
    public var operation: KafkaAcl.Operation = .any
    public var permission: KafkaAcl.Permission = .any

    public init(
        resourceType: KafkaAcl.ResourceType = .any, resourceName: String? = nil, patternType: KafkaAcl.PatternType = .any,
        principal: String? = nil, host: String? = nil, operation: KafkaAcl.Operation = .any, permission: KafkaAcl.Permission = .any
    ) {
        self.resourceType = resourceType
        self.resourceName = resourceName
        self.patternType = patternType
        self.principal = principal
        self.host = host
        self.operation = operation
        self.permission = permission
    }

    /// Matches exactly one ACL.
    public init(exactly acl: KafkaAcl) {
        self.init(
            resourceType: acl.resourceType, resourceName: acl.resourceName, patternType: acl.patternType,
            principal: acl.principal, host: acl.host, operation: acl.operation, permission: acl.permission)
    }
}
