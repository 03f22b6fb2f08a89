import KafkaProtocol

extension BrokerResponder {
    func createAcls(_ request: CreateAclsRequest) -> CreateAclsResponse {
        cluster.withModel { model in
            CreateAclsResponse(
                results: request.creations.map { c in
                    do {
                        try model.createAcl(
                            AclBinding(
                                resourceType: c.resourceType, resourceName: c.resourceName, patternType: c.resourcePatternType,
                                principal: c.principal, host: c.host, operation: c.operation, permissionType: c.permissionType))
                        return .init()
                    } catch {
                        let error = SimulatedKafkaError(wrapping: error)
                        return .init(errorCode: error.code.rawValue, errorMessage: error.message)
                    }
                })
        }
    }

    func describeAcls(_ request: DescribeAclsRequest) -> DescribeAclsResponse {
        let filter = AclFilter(
            resourceType: request.resourceTypeFilter, resourceName: request.resourceNameFilter, patternType: request.patternTypeFilter,
            principal: request.principalFilter, host: request.hostFilter, operation: request.operation, permissionType: request.permissionType)
        let matching = cluster.model.describeAcls(filter)
        var order: [String] = []
        var grouped: [String: (Int8, String, Int8, [DescribeAclsResponse.AclDescription])] = [:]
        for acl in matching {
            let key = "\(acl.resourceType)/\(acl.patternType)/\(acl.resourceName)"
            if grouped[key] == nil {
                order.append(key)
                grouped[key] = (acl.resourceType, acl.resourceName, acl.patternType, [])
            }
            grouped[key]!.3.append(.init(principal: acl.principal, host: acl.host, operation: acl.operation, permissionType: acl.permissionType))
        }
        return DescribeAclsResponse(
            resources: order.map { key in
                let g = grouped[key]!
                return .init(resourceType: g.0, resourceName: g.1, patternType: g.2, acls: g.3)
            })
    }

    func deleteAcls(_ request: DeleteAclsRequest) -> DeleteAclsResponse {
        cluster.withModel { model in
            DeleteAclsResponse(
                filterResults: request.filters.map { f in
                    let filter = AclFilter(
                        resourceType: f.resourceTypeFilter, resourceName: f.resourceNameFilter, patternType: f.patternTypeFilter,
                        principal: f.principalFilter, host: f.hostFilter, operation: f.operation, permissionType: f.permissionType)
                    do {
                        let deleted = try model.deleteAcls(filter)
                        return .init(
                            matchingAcls: deleted.map {
                                .init(
                                    resourceType: $0.resourceType, resourceName: $0.resourceName, patternType: $0.patternType,
                                    principal: $0.principal, host: $0.host, operation: $0.operation, permissionType: $0.permissionType)
                            })
                    } catch {
                        let error = SimulatedKafkaError(wrapping: error)
                        return .init(errorCode: error.code.rawValue, errorMessage: error.message)
                    }
                })
        }
    }

    func describeScram(_ request: DescribeUserScramCredentialsRequest) -> DescribeUserScramCredentialsResponse {
        let users = cluster.model.scramUsers
        let names = request.users.map { $0.map(\.name) } ?? users.keys.sorted()
        return DescribeUserScramCredentialsResponse(
            results: names.map { name in
                guard let credentials = users[name] else {
                    return .init(user: name, errorCode: KafkaErrorCode.resourceNotFound.rawValue, errorMessage: "Attempt to describe a user credential that does not exist: \(name)")
                }
                return .init(
                    user: name,
                    credentialInfos: credentials.keys.sorted { $0.rawValue < $1.rawValue }.map { .init(mechanism: $0.rawValue, iterations: credentials[$0]!.iterations) })
            })
    }

    func alterScram(_ request: AlterUserScramCredentialsRequest) -> AlterUserScramCredentialsResponse {
        cluster.withModel { model in
            let users = request.deletions.map(\.name) + request.upsertions.map(\.name)
            var seen: [String] = []
            for user in users where !seen.contains(user) { seen.append(user) }
            return AlterUserScramCredentialsResponse(
                results: seen.map { user in
                    do {
                        let deletions = request.deletions.filter { $0.name == user }
                        let upsertions = request.upsertions.filter { $0.name == user }
                        let mechanisms = deletions.map(\.mechanism) + upsertions.map(\.mechanism)
                        guard Set(mechanisms).count == mechanisms.count else {
                            throw SimulatedKafkaError(.duplicateResource, "A user credential cannot be altered twice in the same request: \(user)")
                        }
                        for d in deletions { try model.deleteScramCredential(user: user, mechanism: d.mechanism) }
                        for u in upsertions {
                            try model.upsertScramCredential(
                                user: user, mechanism: u.mechanism,
                                credential: ScramCredential(iterations: u.iterations, salt: u.salt, saltedPassword: u.saltedPassword))
                        }
                        return .init(user: user)
                    } catch let error as SimulatedKafkaError {
                        return .init(user: user, errorCode: error.code.rawValue, errorMessage: error.message)
                    } catch {
                        let error = SimulatedKafkaError(wrapping: error)
                        return .init(user: user, errorCode: KafkaErrorCode.unknownServerError.rawValue, errorMessage: "\(error)")
                    }
                })
        }
    }

    func describeQuotas(_ request: DescribeClientQuotasRequest) -> DescribeClientQuotasResponse {
        let quotas = cluster.model.quotas
        let matching = quotas.keys.filter { entity in
            if request.strict && entity.components.count != request.components.count { return false }
            return request.components.allSatisfy { component in
                guard let part = entity.components.first(where: { $0.type == component.entityType }) else { return false }
                switch component.matchType {
                case 0: return part.name == component.match
                case 1: return part.name == nil
                default: return part.name != nil
                }
            }
        }
        return DescribeClientQuotasResponse(
            entries: matching.sorted { "\($0.components)" < "\($1.components)" }.map { entity in
                .init(
                    entity: entity.components.map { .init(entityType: $0.type, entityName: $0.name) },
                    values: quotas[entity]!.keys.sorted().map { .init(key: $0, value: quotas[entity]![$0]!) })
            })
    }

    func alterQuotas(_ request: AlterClientQuotasRequest) -> AlterClientQuotasResponse {
        cluster.withModel { model in
            AlterClientQuotasResponse(
                entries: request.entries.map { entry in
                    let entity = QuotaEntity(entry.entity.map { QuotaEntityComponent(type: $0.entityType, name: $0.entityName) })
                    let echo = entry.entity.map { AlterClientQuotasResponse.EntityData(entityType: $0.entityType, entityName: $0.entityName) }
                    do {
                        let set = Dictionary(entry.ops.filter { !$0.remove }.map { ($0.key, $0.value) }, uniquingKeysWith: { _, b in b })
                        try model.alterQuota(entity, set: set, remove: entry.ops.filter(\.remove).map(\.key), validateOnly: request.validateOnly)
                        return .init(entity: echo)
                    } catch {
                        let error = SimulatedKafkaError(wrapping: error)
                        return .init(errorCode: error.code.rawValue, errorMessage: error.message, entity: echo)
                    }
                })
        }
    }
}
