import NIOCore

/// One ACL as Kafka stores it (numeric enums are Kafka's wire values: resource type TOPIC = 2, GROUP = 3,
/// CLUSTER = 4, TRANSACTIONAL_ID = 5, DELEGATION_TOKEN = 6, USER = 7; pattern LITERAL = 3, PREFIXED = 4;
/// permission DENY = 2, ALLOW = 3).
public struct AclBinding: Sendable, Hashable {
    public var resourceType: Int8
    public var resourceName: String
    public var patternType: Int8
    public var principal: String
    public var host: String
    public var operation: Int8
    public var permissionType: Int8

    public init(
        resourceType: Int8, resourceName: String, patternType: Int8, principal: String, host: String, operation: Int8, permissionType: Int8
    ) {
        self.resourceType = resourceType
        self.resourceName = resourceName
        self.patternType = patternType
        self.principal = principal
        self.host = host
        self.operation = operation
        self.permissionType = permissionType
    }
}

/// A filter over ACLs (DescribeAcls / DeleteAcls): ANY (1) and nil match everything.
public struct AclFilter: Sendable, Hashable {
    public var resourceType: Int8
    public var resourceName: String?
    public var patternType: Int8
    public var principal: String?
    public var host: String?
    public var operation: Int8
    public var permissionType: Int8

    static let any: Int8 = 1
    static let match: Int8 = 2

    func matches(_ acl: AclBinding) -> Bool {
        guard resourceType == Self.any || resourceType == acl.resourceType,
            operation == Self.any || operation == acl.operation,
            permissionType == Self.any || permissionType == acl.permissionType,
            principal.map({ $0 == acl.principal }) ?? true,
            host.map({ $0 == acl.host }) ?? true
        else { return false }
        switch patternType {
        case Self.any:
            return resourceName.map { $0 == acl.resourceName } ?? true
        case Self.match:
            // MATCH: ACLs that would apply to the named resource: the literal name, the wildcard, or a prefix of it.
            guard let name = resourceName else { return true }
            return (acl.patternType == 3 && (acl.resourceName == name || acl.resourceName == "*"))
                || (acl.patternType == 4 && name.hasPrefix(acl.resourceName))
        default:
            return patternType == acl.patternType && (resourceName.map { $0 == acl.resourceName } ?? true)
        }
    }
}

/// SCRAM mechanisms as numbered on the wire.
public enum ScramMechanism: Int8, Sendable, Hashable {
    case sha256 = 1
    case sha512 = 2
}

/// A stored SCRAM credential (the salted password stays opaque, as in Kafka).
public struct ScramCredential: Sendable, Hashable {
    public var iterations: Int32
    public var salt: ByteBuffer
    public var saltedPassword: ByteBuffer

    public init(iterations: Int32, salt: ByteBuffer, saltedPassword: ByteBuffer) {
        self.iterations = iterations
        self.salt = salt
        self.saltedPassword = saltedPassword
    }
}

/// A client quota entity: sorted (entity type, name) pairs, name nil = the default entity.
public struct QuotaEntity: Sendable, Hashable {
    public var components: [QuotaEntityComponent]
    public init(_ components: [QuotaEntityComponent]) {
        self.components = components.sorted { $0.type < $1.type }
    }
}

public struct QuotaEntityComponent: Sendable, Hashable {
    public var type: String
    public var name: String?
}
