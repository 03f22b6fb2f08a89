import KafkaProtocol

extension KafkaAdminClient {
    /// The cluster metadata (all topics), from the cache unless `refresh` or there is none yet.
    public func clusterMetadata(refresh: Bool = true) async throws(KafkaAdminError) -> KafkaClusterMetadata {
        if !refresh, let cached = state.withLock({ $0.metadata }) { return cached }
        return try await fetchMetadata(topics: nil)
    }

    /// Metadata for some topics (nil = all). Unknown topics come back with their error code set; the
    /// cache is updated with the brokers and the topics seen.
    func fetchMetadata(topics: [String]?) async throws(KafkaAdminError) -> KafkaClusterMetadata {
        let request = MetadataRequest(
            topics: topics.map { $0.map { MetadataRequest.MetadataRequestTopic(name: $0) } },
            allowAutoTopicCreation: false)
        let response = try await send(request, to: .anyBroker)
        let metadata = Self.metadata(from: response)
        state.withLock { state in
            var merged = metadata
            if topics != nil, let old = state.metadata {
                merged.topics = old.topics.merging(metadata.topics) { $1 }
            }
            state.metadata = merged
        }
        return metadata
    }

    static func metadata(from response: MetadataResponse) -> KafkaClusterMetadata {
        var brokers: [Int32: KafkaClusterMetadata.Broker] = [:]
        for broker in response.brokers {
            brokers[broker.nodeId] = .init(
                id: broker.nodeId, address: KafkaBrokerAddress(host: broker.host, port: Int(broker.port)), rack: broker.rack)
        }
        var topics: [String: KafkaClusterMetadata.Topic] = [:]
        for topic in response.topics {
            guard let name = topic.name else { continue }
            topics[name] = .init(
                name: name, id: topic.topicId.description, isInternal: topic.isInternal,
                partitions: topic.partitions.map {
                    .init(
                        index: $0.partitionIndex, leader: $0.leaderId, leaderEpoch: $0.leaderEpoch, replicas: $0.replicaNodes,
                        isr: $0.isrNodes, offlineReplicas: $0.offlineReplicas, errorCode: $0.errorCode)
                }.sorted { $0.index < $1.index },
                errorCode: topic.errorCode)
        }
        return KafkaClusterMetadata(
            clusterId: response.clusterId, controllerId: response.controllerId, brokers: brokers, topics: topics)
    }

    /// The coordinator of a consumer group (FindCoordinator, cached until it moves).
    func coordinator(of group: String) async throws(KafkaAdminError) -> KafkaClusterMetadata.Broker {
        if let cached = state.withLock({ $0.coordinators[group] }) { return cached }
        let connection = try await connection(for: .anyBroker)
        let broker: KafkaClusterMetadata.Broker
        if let version = connection.negotiatedVersion(.findCoordinator), version >= 4 {
            let response = try await connection.send(FindCoordinatorRequest(keyType: 0, coordinatorKeys: [group]))
            guard let coordinator = response.coordinators.first(where: { $0.key == group }) else {
                throw KafkaAdminError(code: .protocolError, message: "FindCoordinator answered without group '\(group)'")
            }
            try KafkaAdminError.check(coordinator.errorCode, subject: "coordinator of group '\(group)'", brokerMessage: coordinator.errorMessage)
            broker = .init(id: coordinator.nodeId, address: .init(host: coordinator.host, port: Int(coordinator.port)))
        } else {
            let response = try await connection.send(FindCoordinatorRequest(key: group, keyType: 0))
            try KafkaAdminError.check(response.errorCode, subject: "coordinator of group '\(group)'", brokerMessage: response.errorMessage)
            broker = .init(id: response.nodeId, address: .init(host: response.host, port: Int(response.port)))
        }
        state.withLock { $0.coordinators[group] = broker }
        return broker
    }

    /// Forgets a group's coordinator after NOT_COORDINATOR, so the next call asks again.
    func forgetCoordinator(of group: String) {
        state.withLock { _ = $0.coordinators.removeValue(forKey: group) }
    }
}
