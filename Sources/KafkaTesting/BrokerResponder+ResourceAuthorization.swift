import KafkaProtocol

/// The authorizer for APIs that act on named resources, when `authorizationEnabled`: each request is split
/// into what the principal may do, which the handler serves, and the rest, answered with the error Kafka's
/// KafkaApis puts there (TOPIC_/CLUSTER_/GROUP_/TRANSACTIONAL_ID_AUTHORIZATION_FAILED) without touching it.
extension BrokerResponder {
    private var topicDenied: Int16 { KafkaErrorCode.topicAuthorizationFailed.rawValue }

    private func may(_ principal: String, _ operation: Int8, topic name: String, _ model: ClusterModel) -> Bool {
        allowed(principal, operation, AclResourceTypeCode.topic, name, model)
    }

    /// `topics` split into those the principal may `operation` and the rest.
    private func split<Topic>(
        _ topics: [Topic], by name: (Topic) -> String, _ operation: Int8, principal: String
    ) -> (permitted: [Topic], refused: [Topic]) {
        let model = cluster.model
        var permitted: [Topic] = []
        var refused: [Topic] = []
        for topic in topics {
            if may(principal, operation, topic: name(topic), model) { permitted.append(topic) } else { refused.append(topic) }
        }
        return (permitted, refused)
    }

    /// ListOffsets: DESCRIBE on the topic.
    func authorizedListOffsets(_ request: ListOffsetsRequest, version: Int16, principal: String) -> ListOffsetsResponse {
        guard cluster.configuration.authorizationEnabled else { return listOffsets(request, version: version) }
        var permitted = request
        let refused: [ListOffsetsRequest.ListOffsetsTopic]
        (permitted.topics, refused) = split(request.topics, by: \.name, AclOperationCode.describe, principal: principal)
        var response = listOffsets(permitted, version: version)
        response.topics += refused.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { .init(partitionIndex: $0.partitionIndex, errorCode: topicDenied) })
        }
        return response
    }

    /// DeleteRecords: DELETE on the topic; refused partitions keep their records.
    func authorizedDeleteRecords(_ request: DeleteRecordsRequest, principal: String) -> DeleteRecordsResponse {
        guard cluster.configuration.authorizationEnabled else { return deleteRecords(request) }
        var permitted = request
        let refused: [DeleteRecordsRequest.DeleteRecordsTopic]
        (permitted.topics, refused) = split(request.topics, by: \.name, AclOperationCode.delete, principal: principal)
        var response = deleteRecords(permitted)
        response.topics += refused.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { .init(partitionIndex: $0.partitionIndex, lowWatermark: -1, errorCode: topicDenied) })
        }
        return response
    }

    /// CreatePartitions: ALTER on the topic.
    func authorizedCreatePartitions(_ request: CreatePartitionsRequest, principal: String) -> CreatePartitionsResponse {
        guard cluster.configuration.authorizationEnabled else { return createPartitions(request) }
        var permitted = request
        let refused: [CreatePartitionsRequest.CreatePartitionsTopic]
        (permitted.topics, refused) = split(request.topics, by: \.name, AclOperationCode.alter, principal: principal)
        var response = createPartitions(permitted)
        response.results += refused.map { .init(name: $0.name, errorCode: topicDenied, errorMessage: "Authorization failed.") }
        return response
    }

    /// The error for a config resource the principal may not `operation` (DESCRIBE_CONFIGS or ALTER_CONFIGS):
    /// topics need it on the topic, brokers and broker loggers on the cluster. nil: allowed.
    private func configDenial(_ principal: String, _ operation: Int8, resourceType: Int8, name: String, _ model: ClusterModel) -> Int16? {
        if resourceType == ConfigResourceType.topic.rawValue {
            return may(principal, operation, topic: name, model) ? nil : topicDenied
        }
        let clusterAllows = allowed(principal, operation, AclResourceTypeCode.cluster, ClusterModel.clusterResourceName, model)
        return clusterAllows ? nil : KafkaErrorCode.clusterAuthorizationFailed.rawValue
    }

    /// DescribeConfigs: DESCRIBE_CONFIGS on the topic, or on the cluster for broker resources.
    func authorizedDescribeConfigs(_ request: DescribeConfigsRequest, version: Int16, principal: String) -> DescribeConfigsResponse {
        guard cluster.configuration.authorizationEnabled else { return describeConfigs(request, version: version) }
        let model = cluster.model
        let denial = { (resource: DescribeConfigsRequest.DescribeConfigsResource) in
            self.configDenial(principal, AclOperationCode.describeConfigs, resourceType: resource.resourceType, name: resource.resourceName, model)
        }
        var permitted = request
        permitted.resources = request.resources.filter { denial($0) == nil }
        var response = describeConfigs(permitted, version: version)
        for resource in request.resources {
            guard let code = denial(resource) else { continue }
            response.results.append(
                .init(
                    errorCode: code, errorMessage: "Authorization failed.", resourceType: resource.resourceType,
                    resourceName: resource.resourceName, configs: []))
        }
        return response
    }

    /// IncrementalAlterConfigs: ALTER_CONFIGS on the topic, or on the cluster for broker resources.
    func authorizedIncrementalAlterConfigs(_ request: IncrementalAlterConfigsRequest, principal: String) -> IncrementalAlterConfigsResponse {
        guard cluster.configuration.authorizationEnabled else { return incrementalAlterConfigs(request) }
        let model = cluster.model
        let denial = { (resource: IncrementalAlterConfigsRequest.AlterConfigsResource) in
            self.configDenial(principal, AclOperationCode.alterConfigs, resourceType: resource.resourceType, name: resource.resourceName, model)
        }
        var permitted = request
        permitted.resources = request.resources.filter { denial($0) == nil }
        var response = incrementalAlterConfigs(permitted)
        for resource in request.resources {
            guard let code = denial(resource) else { continue }
            response.responses.append(
                .init(errorCode: code, errorMessage: "Authorization failed.", resourceType: resource.resourceType, resourceName: resource.resourceName))
        }
        return response
    }

    /// InitProducerId: an idempotent producer needs IDEMPOTENT_WRITE on the cluster or WRITE on some topic;
    /// a transactional one WRITE on its transactional id.
    func authorizedInitProducerId(_ request: InitProducerIdRequest, principal: String) -> InitProducerIdResponse {
        guard cluster.configuration.authorizationEnabled else { return initProducerId(request) }
        let model = cluster.model
        if let transactionalId = request.transactionalId {
            guard allowed(principal, AclOperationCode.write, AclResourceTypeCode.transactionalId, transactionalId, model) else {
                return InitProducerIdResponse(errorCode: KafkaErrorCode.transactionalIdAuthorizationFailed.rawValue)
            }
        } else {
            let idempotent = allowed(principal, AclOperationCode.idempotentWrite, AclResourceTypeCode.cluster, ClusterModel.clusterResourceName, model)
            guard idempotent || model.mayWriteSomeTopic(principal: principal) else {
                return InitProducerIdResponse(errorCode: KafkaErrorCode.clusterAuthorizationFailed.rawValue)
            }
        }
        return initProducerId(request)
    }

    /// OffsetCommit (after the group READ check): READ on each topic; refused partitions are not committed.
    func authorizedOffsetCommit(_ request: OffsetCommitRequest, principal: String) -> OffsetCommitResponse {
        guard cluster.configuration.authorizationEnabled else { return offsetCommit(request) }
        var permitted = request
        let refused: [OffsetCommitRequest.OffsetCommitRequestTopic]
        (permitted.topics, refused) = split(request.topics, by: \.name, AclOperationCode.read, principal: principal)
        var response = offsetCommit(permitted)
        response.topics += refused.map { topic in
            .init(name: topic.name, partitions: topic.partitions.map { .init(partitionIndex: $0.partitionIndex, errorCode: topicDenied) })
        }
        return response
    }

    /// ListGroups: every group with DESCRIBE on the cluster, otherwise only the groups the principal may
    /// DESCRIBE.
    func authorizedListGroups(_ request: ListGroupsRequest, principal: String) -> ListGroupsResponse {
        var response = listGroups(request)
        guard cluster.configuration.authorizationEnabled else { return response }
        let model = cluster.model
        guard !allowed(principal, AclOperationCode.describe, AclResourceTypeCode.cluster, ClusterModel.clusterResourceName, model) else {
            return response
        }
        response.groups = response.groups.filter {
            allowed(principal, AclOperationCode.describe, AclResourceTypeCode.group, $0.groupId, model)
        }
        return response
    }
}
