/// ACL operations and resource types as Kafka numbers them on the wire.
enum AclOperationCode {
    static let all: Int8 = 2, read: Int8 = 3, write: Int8 = 4, create: Int8 = 5, delete: Int8 = 6, alter: Int8 = 7, describe: Int8 = 8
    static let describeConfigs: Int8 = 10, alterConfigs: Int8 = 11, idempotentWrite: Int8 = 12
}

enum AclResourceTypeCode {
    static let topic: Int8 = 2, group: Int8 = 3, cluster: Int8 = 4, transactionalId: Int8 = 5
}

extension ClusterModel {
    /// The name of the one CLUSTER resource.
    static let clusterResourceName = "kafka-cluster"

    /// StandardAuthorizer's decision for `principal` doing `operation` on a resource: super users and clusters
    /// without an authorizer allow everything; a matching DENY wins over any ALLOW; ALL allows every
    /// operation; READ, WRITE, DELETE and ALTER imply DESCRIBE, ALTER_CONFIGS implies DESCRIBE_CONFIGS; no
    /// matching ALLOW denies (`allow.everyone.if.no.acl.found=false`).
    public func isAuthorized(principal: String, operation: Int8, resourceType: Int8, resourceName: String, host: String = "*") -> Bool {
        guard configuration.authorizationEnabled, !configuration.superUsers.contains(principal) else { return true }
        let applicable = acls.filter { acl in
            guard acl.resourceType == resourceType, acl.principal == principal || acl.principal == "User:*",
                acl.host == "*" || acl.host == host
            else { return false }
            return acl.patternType == 4
                ? resourceName.hasPrefix(acl.resourceName)
                : acl.resourceName == resourceName || acl.resourceName == "*"
        }
        if applicable.contains(where: { $0.permissionType == 2 && ($0.operation == operation || $0.operation == AclOperationCode.all) }) {
            return false
        }
        var allowing: Set<Int8> = [operation, AclOperationCode.all]
        if operation == AclOperationCode.describe {
            allowing.formUnion([AclOperationCode.read, AclOperationCode.write, AclOperationCode.delete, AclOperationCode.alter])
        }
        if operation == AclOperationCode.describeConfigs { allowing.insert(AclOperationCode.alterConfigs) }
        return applicable.contains { $0.permissionType == 3 && allowing.contains($0.operation) }
    }

    /// Whether `principal` may WRITE to at least one topic, existing or not (Kafka's authorizeByResourceType,
    /// which lets an idempotent producer without IDEMPOTENT_WRITE on the cluster start): an ALLOW for WRITE
    /// (or ALL) on some topic pattern that no DENY covers (a DENY on `*`, on the same name, or on a prefix of it).
    func mayWriteSomeTopic(principal: String) -> Bool {
        guard configuration.authorizationEnabled, !configuration.superUsers.contains(principal) else { return true }
        let topicAcls = acls.filter {
            $0.resourceType == AclResourceTypeCode.topic && ($0.principal == principal || $0.principal == "User:*")
                && ($0.operation == AclOperationCode.write || $0.operation == AclOperationCode.all)
        }
        let denies = topicAcls.filter { $0.permissionType == 2 }
        return topicAcls.contains { allow in
            allow.permissionType == 3
                && !denies.contains { deny in
                    deny.resourceName == "*"
                        || (deny.patternType == 4 ? allow.resourceName.hasPrefix(deny.resourceName) : deny.resourceName == allow.resourceName && allow.patternType != 4)
                }
        }
    }

    /// PLAIN authentication checked against the user's SCRAM credentials: the password is salted with each
    /// stored credential's salt and iterations and compared with the stored salted password.
    func verifyPassword(user: String, password: String) -> Bool {
        guard let credentials = scramUsers[user] else { return false }
        return credentials.contains { mechanism, credential in
            mechanism.saltedPassword(password, salt: Array(credential.salt.readableBytesView), iterations: Int(credential.iterations))
                == Array(credential.saltedPassword.readableBytesView)
        }
    }
}
