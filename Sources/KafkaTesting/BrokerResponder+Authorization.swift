import KafkaProtocol
import NIOCore

/// Kafka's authorizer in front of the API handlers, when `authorizationEnabled`: what each API needs is
/// what KafkaApis checks (topic READ/WRITE/CREATE/DELETE/DESCRIBE, group READ/DESCRIBE, cluster
/// ALTER/DESCRIBE/ALTER_CONFIGS/DESCRIBE_CONFIGS), and a refusal is the error code Kafka puts in that API's answer.
extension BrokerResponder {
    private var denialMessage: String { "Authorization failed." }

    func allowed(_ principal: String, _ operation: Int8, _ resourceType: Int8, _ name: String, _ model: ClusterModel) -> Bool {
        model.isAuthorized(principal: principal, operation: operation, resourceType: resourceType, resourceName: name)
    }

    /// Refusals of whole requests: group APIs need READ on the group (DESCRIBE to find its coordinator or
    /// describe it), ACL, SCRAM, quota, reassignment, election, quorum and log-dir APIs need a cluster permission.
    /// nil: the request may go on.
    func refusal(of request: ParsedBrokerRequest, principal: String) -> BrokerAnswer? {
        guard cluster.configuration.authorizationEnabled else { return nil }
        let model = cluster.model
        let v = request.version
        let group = KafkaErrorCode.groupAuthorizationFailed.rawValue
        let clusterDenied = KafkaErrorCode.clusterAuthorizationFailed.rawValue
        func groupDenied(_ id: String, _ operation: Int8 = AclOperationCode.read) -> Bool {
            !allowed(principal, operation, AclResourceTypeCode.group, id, model)
        }
        func clusterRefuses(_ operation: Int8) -> Bool {
            !allowed(principal, operation, AclResourceTypeCode.cluster, ClusterModel.clusterResourceName, model)
        }
        switch request.body {
        case let body as FindCoordinatorRequest where body.keyType == 0:
            let keys = v >= 4 ? body.coordinatorKeys : [body.key]
            guard keys.contains(where: { groupDenied($0, AclOperationCode.describe) }) else { return nil }
            if v >= 4 {
                return encode(
                    FindCoordinatorResponse(
                        coordinators: keys.map { .init(key: $0, nodeId: -1, host: "", port: -1, errorCode: group, errorMessage: denialMessage) }),
                    version: v, request)
            }
            return encode(FindCoordinatorResponse(errorCode: group, errorMessage: denialMessage, nodeId: -1, host: "", port: -1), version: v, request)
        case let body as JoinGroupRequest where groupDenied(body.groupId):
            return encode(JoinGroupResponse(errorCode: group), version: v, request)
        case let body as SyncGroupRequest where groupDenied(body.groupId):
            return encode(SyncGroupResponse(errorCode: group), version: v, request)
        case let body as HeartbeatRequest where groupDenied(body.groupId):
            return encode(HeartbeatResponse(errorCode: group), version: v, request)
        case let body as LeaveGroupRequest where groupDenied(body.groupId):
            return encode(LeaveGroupResponse(errorCode: group), version: v, request)
        case let body as OffsetFetchRequest where groupDenied(body.groupId, AclOperationCode.describe):
            return v >= 2 ? encode(OffsetFetchResponse(errorCode: group), version: v, request) : .closeConnection
        case let body as OffsetCommitRequest where groupDenied(body.groupId):
            return encode(
                OffsetCommitResponse(
                    topics: body.topics.map { topic in
                        .init(name: topic.name, partitions: topic.partitions.map { .init(partitionIndex: $0.partitionIndex, errorCode: group) })
                    }),
                version: v, request)
        case let body as DescribeGroupsRequest where body.groups.contains(where: { groupDenied($0, AclOperationCode.describe) }):
            return encode(
                DescribeGroupsResponse(groups: body.groups.map { .init(errorCode: group, groupId: $0, groupState: "", protocolType: "", protocolData: "") }),
                version: v, request)
        case let body as CreateAclsRequest where clusterRefuses(AclOperationCode.alter):
            return encode(CreateAclsResponse(results: body.creations.map { _ in .init(errorCode: clusterDenied, errorMessage: denialMessage) }), version: v, request)
        case let body as DeleteAclsRequest where clusterRefuses(AclOperationCode.alter):
            return encode(DeleteAclsResponse(filterResults: body.filters.map { _ in .init(errorCode: clusterDenied, errorMessage: denialMessage) }), version: v, request)
        case is DescribeAclsRequest where clusterRefuses(AclOperationCode.describe):
            return encode(DescribeAclsResponse(errorCode: clusterDenied, errorMessage: denialMessage), version: v, request)
        case let body as AlterUserScramCredentialsRequest where clusterRefuses(AclOperationCode.alter):
            let users = Set(body.upsertions.map(\.name) + body.deletions.map(\.name)).sorted()
            return encode(
                AlterUserScramCredentialsResponse(results: users.map { .init(user: $0, errorCode: clusterDenied, errorMessage: denialMessage) }),
                version: v, request)
        case is DescribeUserScramCredentialsRequest where clusterRefuses(AclOperationCode.describe):
            return encode(DescribeUserScramCredentialsResponse(errorCode: clusterDenied, errorMessage: denialMessage), version: v, request)
        case is AlterPartitionReassignmentsRequest where clusterRefuses(AclOperationCode.alter):
            return encode(AlterPartitionReassignmentsResponse(errorCode: clusterDenied, errorMessage: denialMessage), version: v, request)
        case is ListPartitionReassignmentsRequest where clusterRefuses(AclOperationCode.describe):
            return encode(ListPartitionReassignmentsResponse(errorCode: clusterDenied, errorMessage: denialMessage), version: v, request)
        case is ElectLeadersRequest where clusterRefuses(AclOperationCode.alter):
            return v >= 1 ? encode(ElectLeadersResponse(errorCode: clusterDenied), version: v, request) : .closeConnection
        case is UnregisterBrokerRequest where clusterRefuses(AclOperationCode.alter):
            return encode(UnregisterBrokerResponse(errorCode: clusterDenied, errorMessage: denialMessage), version: v, request)
        case is DescribeQuorumRequest where clusterRefuses(AclOperationCode.describe):
            return encode(DescribeQuorumResponse(errorCode: clusterDenied, errorMessage: denialMessage), version: v, request)
        case let body as AlterReplicaLogDirsRequest where clusterRefuses(AclOperationCode.alter):
            let partitions = Dictionary(grouping: body.dirs.flatMap(\.topics), by: \.name).mapValues { Set($0.flatMap(\.partitions)).sorted() }
            return encode(
                AlterReplicaLogDirsResponse(
                    results: partitions.keys.sorted().map { topic in
                        .init(topicName: topic, partitions: partitions[topic, default: []].map { .init(partitionIndex: $0, errorCode: clusterDenied) })
                    }),
                version: v, request)
        case is DescribeLogDirsRequest where clusterRefuses(AclOperationCode.describe):
            return v >= 3 ? encode(DescribeLogDirsResponse(errorCode: clusterDenied), version: v, request) : encode(DescribeLogDirsResponse(), version: v, request)
        case let body as AlterClientQuotasRequest where clusterRefuses(AclOperationCode.alterConfigs):
            return encode(
                AlterClientQuotasResponse(
                    entries: body.entries.map { entry in
                        .init(
                            errorCode: clusterDenied, errorMessage: denialMessage,
                            entity: entry.entity.map { .init(entityType: $0.entityType, entityName: $0.entityName) })
                    }),
                version: v, request)
        case is DescribeClientQuotasRequest where clusterRefuses(AclOperationCode.describeConfigs):
            return encode(DescribeClientQuotasResponse(errorCode: clusterDenied, errorMessage: denialMessage, entries: nil), version: v, request)
        default:
            return nil
        }
    }

    /// Metadata: listing all topics leaves out those the principal may not DESCRIBE; naming one answers
    /// TOPIC_AUTHORIZATION_FAILED for it.
    func authorizedMetadata(_ response: MetadataResponse, _ request: MetadataRequest, principal: String) -> MetadataResponse {
        guard cluster.configuration.authorizationEnabled else { return response }
        let model = cluster.model
        var filtered = response
        let visible = { (name: String?) in self.allowed(principal, AclOperationCode.describe, AclResourceTypeCode.topic, name ?? "", model) }
        if request.topics == nil {
            filtered.topics = response.topics.filter { visible($0.name) }
        } else {
            filtered.topics = response.topics.map { topic in
                visible(topic.name)
                    ? topic
                    : .init(errorCode: KafkaErrorCode.topicAuthorizationFailed.rawValue, name: topic.name, topicId: .zero, isInternal: false, partitions: [])
            }
        }
        return filtered
    }

    /// CreateTopics: CREATE on the cluster or on the topic.
    func authorizedCreateTopics(_ request: CreateTopicsRequest, principal: String) -> CreateTopicsResponse {
        guard cluster.configuration.authorizationEnabled else { return createTopics(request) }
        let model = cluster.model
        let clusterWide = allowed(principal, AclOperationCode.create, AclResourceTypeCode.cluster, ClusterModel.clusterResourceName, model)
        var permitted = request
        permitted.topics = request.topics.filter { clusterWide || allowed(principal, AclOperationCode.create, AclResourceTypeCode.topic, $0.name, model) }
        var response = createTopics(permitted)
        for topic in request.topics where !permitted.topics.contains(where: { $0.name == topic.name }) {
            response.topics.append(
                .init(
                    name: topic.name, errorCode: KafkaErrorCode.topicAuthorizationFailed.rawValue, errorMessage: denialMessage,
                    numPartitions: -1, replicationFactor: -1))
        }
        return response
    }

    /// DeleteTopics: DELETE on the topic.
    func authorizedDeleteTopics(_ request: DeleteTopicsRequest, principal: String) -> DeleteTopicsResponse {
        guard cluster.configuration.authorizationEnabled else { return deleteTopics(request) }
        let model = cluster.model
        let may = { (name: String) in self.allowed(principal, AclOperationCode.delete, AclResourceTypeCode.topic, name, model) }
        var permitted = request
        permitted.topicNames = request.topicNames.filter(may)
        permitted.topics = request.topics.filter { state in
            may(state.name ?? model.topics.values.first { $0.id == state.topicId }?.name ?? "")
        }
        var response = deleteTopics(permitted)
        let refused = request.topicNames.filter { !may($0) } + request.topics.compactMap(\.name).filter { !may($0) }
        for name in refused {
            response.responses.append(.init(name: name, errorCode: KafkaErrorCode.topicAuthorizationFailed.rawValue, errorMessage: denialMessage))
        }
        return response
    }

    /// Produce: WRITE on the topic; refused partitions are not appended to.
    func authorizedProduce(_ request: ProduceRequest, version: Int16, principal: String) -> ProduceResponse {
        guard cluster.configuration.authorizationEnabled else { return produce(request, version: version) }
        let model = cluster.model
        let may = { (name: String) in self.allowed(principal, AclOperationCode.write, AclResourceTypeCode.topic, name, model) }
        var permitted = request
        permitted.topicData = request.topicData.filter { may($0.name) }
        var response = produce(permitted, version: version)
        for topic in request.topicData where !may(topic.name) {
            response.responses.append(
                .init(
                    name: topic.name,
                    partitionResponses: topic.partitionData.map {
                        .init(index: $0.index, errorCode: KafkaErrorCode.topicAuthorizationFailed.rawValue, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1)
                    }))
        }
        return response
    }

    /// Fetch: READ on the topic; refused partitions carry TOPIC_AUTHORIZATION_FAILED and no records.
    func authorizedFetch(_ request: FetchRequest, principal: String) -> FetchResponse {
        var response = fetch(request)
        guard cluster.configuration.authorizationEnabled else { return response }
        let model = cluster.model
        for index in response.responses.indices
        where !allowed(principal, AclOperationCode.read, AclResourceTypeCode.topic, response.responses[index].topic, model) {
            for p in response.responses[index].partitions.indices {
                response.responses[index].partitions[p] = .init(
                    partitionIndex: response.responses[index].partitions[p].partitionIndex,
                    errorCode: KafkaErrorCode.topicAuthorizationFailed.rawValue, highWatermark: -1, records: nil)
            }
        }
        return response
    }
}
