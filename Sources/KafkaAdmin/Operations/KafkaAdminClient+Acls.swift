import KafkaProtocol

extension KafkaAdminClient {
    /// Creates ACLs in one request; throws the first failure naming the ACL.
    public func createAcls(_ acls: [KafkaAcl]) async throws(KafkaAdminError) {
        let request = CreateAclsRequest(
            creations: acls.map {
                .init(
                    resourceType: $0.resourceType.rawValue, resourceName: $0.resourceName, resourcePatternType: $0.patternType.rawValue,
                    principal: $0.principal, host: $0.host, operation: $0.operation.rawValue, permissionType: $0.permission.rawValue)
            })
        let response = try await send(request, to: .anyBroker)
        for (acl, result) in zip(acls, response.results) {
            try KafkaAdminError.check(
                result.errorCode, subject: "create ACL \(acl.permission) \(acl.operation) on \(acl.resourceType) '\(acl.resourceName)' for \(acl.principal)",
                brokerMessage: result.errorMessage)
        }
    }

    /// ACLs matching a filter.
    public func describeAcls(_ filter: KafkaAclFilter = KafkaAclFilter()) async throws(KafkaAdminError) -> [KafkaAcl] {
        let request = DescribeAclsRequest(
            resourceTypeFilter: filter.resourceType.rawValue, resourceNameFilter: filter.resourceName,
            patternTypeFilter: filter.patternType.rawValue, principalFilter: filter.principal, hostFilter: filter.host,
            operation: filter.operation.rawValue, permissionType: filter.permission.rawValue)
        let response = try await send(request, to: .anyBroker)
        try KafkaAdminError.check(response.errorCode, subject: "DescribeAcls", brokerMessage: response.errorMessage)
        var result: [KafkaAcl] = []
        for resource in response.resources {
            for acl in resource.acls {
                guard let parsed = KafkaAcl.fromWire(
                    resourceType: resource.resourceType, resourceName: resource.resourceName, patternType: resource.patternType,
                    principal: acl.principal, host: acl.host, operation: acl.operation, permission: acl.permissionType)
                else { continue }
                result.append(parsed)
            }
        }
        return result
    }

    /// Deletes the ACLs matching the filters; returns what was deleted.
    @discardableResult
    public func deleteAcls(_ filters: [KafkaAclFilter]) async throws(KafkaAdminError) -> [KafkaAcl] {
        let request = DeleteAclsRequest(
            filters: filters.map {
                .init(
                    resourceTypeFilter: $0.resourceType.rawValue, resourceNameFilter: $0.resourceName, patternTypeFilter: $0.patternType.rawValue,
                    principalFilter: $0.principal, hostFilter: $0.host, operation: $0.operation.rawValue, permissionType: $0.permission.rawValue)
            })
        let response = try await send(request, to: .anyBroker)
        var deleted: [KafkaAcl] = []
        for result in response.filterResults {
            try KafkaAdminError.check(result.errorCode, subject: "DeleteAcls", brokerMessage: result.errorMessage)
            for match in result.matchingAcls {
                try KafkaAdminError.check(match.errorCode, subject: "delete ACL on '\(match.resourceName)'", brokerMessage: match.errorMessage)
                guard let parsed = KafkaAcl.fromWire(
                    resourceType: match.resourceType, resourceName: match.resourceName, patternType: match.patternType,
                    principal: match.principal, host: match.host, operation: match.operation, permission: match.permissionType)
                else { continue }
                deleted.append(parsed)
            }
        }
        return deleted
    }
}
