import KafkaProtocol

extension BrokerResponder {
    func endpoint(of id: Int32, in model: ClusterModel) -> (host: String, port: Int32) {
        ("127.0.0.1", model.brokers[id]?.port ?? 0)
    }

    /// Brokers a client can reach: registered, not fenced, process alive (as Kafka lists only live brokers).
    func liveBrokers(_ model: ClusterModel) -> [BrokerModel] {
        model.brokerIds.compactMap { model.brokers[$0] }.filter { $0.registered && !$0.fenced && $0.state != .stopped(clean: true) && $0.state != .stopped(clean: false) }
    }

    func metadata(_ request: MetadataRequest) -> MetadataResponse {
        cluster.withModel { model in
            var response = MetadataResponse(clusterId: model.configuration.clusterId, controllerId: controllerIdForClients(model))
            response.brokers = liveBrokers(model).map {
                .init(nodeId: $0.id, host: "127.0.0.1", port: $0.port, rack: $0.rack)
            }
            let names: [String]
            var unknown: [MetadataResponse.MetadataResponseTopic] = []
            if let topics = request.topics {
                names = topics.compactMap { requested in
                    if let name = requested.name { return name }
                    return model.topics.values.first { $0.id == requested.topicId }?.name
                }
                for requested in topics {
                    if let name = requested.name, model.topics[name] == nil {
                        unknown.append(.init(errorCode: KafkaErrorCode.unknownTopicOrPartition.rawValue, name: name))
                    } else if requested.name == nil, !model.topics.values.contains(where: { $0.id == requested.topicId }) {
                        unknown.append(.init(errorCode: KafkaErrorCode.unknownTopicId.rawValue, name: nil, topicId: requested.topicId))
                    }
                }
            } else {
                names = model.topics.keys.sorted()
            }
            response.topics = names.compactMap { model.topics[$0] }.map { topic in
                .init(
                    name: topic.name, topicId: topic.id, isInternal: topic.isInternal,
                    partitions: topic.partitions.map { p in
                        let offline = p.replicas.filter { model.brokers[$0]?.isServing != true }
                        return .init(
                            errorCode: p.isOffline ? KafkaErrorCode.leaderNotAvailable.rawValue : 0, partitionIndex: p.index,
                            leaderId: p.leader, leaderEpoch: p.leaderEpoch, replicaNodes: p.replicas, isrNodes: p.isr,
                            offlineReplicas: offline)
                    })
            } + unknown
            return response
        }
    }

    /// In KRaft, clients are given a random live broker as "controller" (admin requests are forwarded).
    func controllerIdForClients(_ model: ClusterModel) -> Int32 {
        model.quorum.leaderId == -1 ? -1 : (liveBrokers(model).first?.id ?? -1)
    }

    func describeCluster(_ request: DescribeClusterRequest) -> DescribeClusterResponse {
        cluster.withModel { model in
            DescribeClusterResponse(
                clusterId: model.configuration.clusterId, controllerId: controllerIdForClients(model),
                brokers: liveBrokers(model).map { .init(brokerId: $0.id, host: "127.0.0.1", port: $0.port, rack: $0.rack) })
        }
    }

    func createTopics(_ request: CreateTopicsRequest) -> CreateTopicsResponse {
        cluster.withModel { model in
            CreateTopicsResponse(
                topics: request.topics.map { topic in
                    let assignments = Dictionary(topic.assignments.map { ($0.partitionIndex, $0.brokerIds) }, uniquingKeysWith: { a, _ in a })
                    let configs = Dictionary(topic.configs.compactMap { c in c.value.map { (c.name, $0) } }, uniquingKeysWith: { _, b in b })
                    do {
                        let created = try model.createTopic(
                            topic.name, partitions: topic.numPartitions, replicationFactor: topic.replicationFactor,
                            assignments: assignments, configs: configs, validateOnly: request.validateOnly)
                        return .init(
                            name: topic.name, topicId: created.id,
                            numPartitions: request.validateOnly ? topic.numPartitions : Int32(created.partitions.count),
                            replicationFactor: request.validateOnly ? topic.replicationFactor : Int16(created.replicationFactor),
                            configs: [])
                    } catch {
                        let error = SimulatedKafkaError(wrapping: error)
                        return .init(name: topic.name, errorCode: error.code.rawValue, errorMessage: error.message, numPartitions: -1, replicationFactor: -1)
                    }
                })
        }
    }

    func deleteTopics(_ request: DeleteTopicsRequest) -> DeleteTopicsResponse {
        cluster.withModel { model in
            let byName = request.topicNames.map { (name: Optional($0), id: KafkaUUID.zero) }
            let byState = request.topics.map { (name: $0.name, id: $0.topicId) }
            return DeleteTopicsResponse(
                responses: (byName + byState).map { entry in
                    let name = entry.name ?? model.topics.values.first { $0.id == entry.id }?.name
                    guard let name else {
                        return .init(name: nil, topicId: entry.id, errorCode: KafkaErrorCode.unknownTopicId.rawValue, errorMessage: "Topic id \(entry.id) does not exist")
                    }
                    let id = model.topics[name]?.id ?? .zero
                    do {
                        try model.deleteTopic(name)
                        return .init(name: name, topicId: id)
                    } catch {
                        let error = SimulatedKafkaError(wrapping: error)
                        return .init(name: name, topicId: id, errorCode: error.code.rawValue, errorMessage: error.message)
                    }
                })
        }
    }

    func createPartitions(_ request: CreatePartitionsRequest) -> CreatePartitionsResponse {
        cluster.withModel { model in
            CreatePartitionsResponse(
                results: request.topics.map { topic in
                    do {
                        try model.createPartitions(topic.name, count: topic.count, validateOnly: request.validateOnly)
                        return .init(name: topic.name)
                    } catch {
                        let error = SimulatedKafkaError(wrapping: error)
                        return .init(name: topic.name, errorCode: error.code.rawValue, errorMessage: error.message)
                    }
                })
        }
    }

    func alterReassignments(_ request: AlterPartitionReassignmentsRequest) -> AlterPartitionReassignmentsResponse {
        cluster.withModel { model in
            AlterPartitionReassignmentsResponse(
                responses: request.topics.map { topic in
                    .init(
                        name: topic.name,
                        partitions: topic.partitions.map { p in
                            do {
                                let throttle = p.replicas.flatMap {
                                    model.configuredReassignmentThrottle(topic: topic.name, partition: p.partitionIndex, target: $0)
                                }
                                try model.reassign(topic: topic.name, partition: p.partitionIndex, to: p.replicas, throttleBytesPerSecond: throttle)
                                return .init(partitionIndex: p.partitionIndex)
                            } catch {
                                let error = SimulatedKafkaError(wrapping: error)
                                return .init(partitionIndex: p.partitionIndex, errorCode: error.code.rawValue, errorMessage: error.message)
                            }
                        })
                })
        }
    }

    func listReassignments(_ request: ListPartitionReassignmentsRequest) -> ListPartitionReassignmentsResponse {
        let model = cluster.model
        var ongoing = model.ongoingReassignments
        if let topics = request.topics {
            ongoing = ongoing.filter { p in topics.contains { $0.name == p.topic && $0.partitionIndexes.contains(p.index) } }
        }
        let byTopic = Dictionary(grouping: ongoing, by: \.topic)
        return ListPartitionReassignmentsResponse(
            topics: byTopic.keys.sorted().map { name in
                .init(
                    name: name,
                    partitions: byTopic[name]!.map {
                        .init(partitionIndex: $0.index, replicas: $0.replicas, addingReplicas: $0.addingReplicas, removingReplicas: $0.removingReplicas)
                    })
            })
    }

    func electLeaders(_ request: ElectLeadersRequest) -> ElectLeadersResponse {
        cluster.withModel { model in
            let targets = request.topicPartitions.map { $0.map { ($0.topic, $0.partitions) } }
                ?? model.topics.keys.sorted().map { ($0, model.topics[$0]!.partitions.map(\.index)) }
            return ElectLeadersResponse(
                replicaElectionResults: targets.map { topic, partitions in
                    .init(
                        topic: topic,
                        partitionResult: partitions.map { index in
                            do {
                                try model.electPreferredLeader(topic: topic, partition: index)
                                return .init(partitionId: index)
                            } catch {
                                let error = SimulatedKafkaError(wrapping: error)
                                return .init(partitionId: index, errorCode: error.code.rawValue, errorMessage: error.message)
                            }
                        })
                })
        }
    }

    func describeQuorum(_ request: DescribeQuorumRequest) -> DescribeQuorumResponse {
        let model = cluster.model
        let quorum = model.quorum
        let origin = model.configuration.wallClockOriginMs
        guard quorum.leaderId != -1 else {
            return DescribeQuorumResponse(errorCode: KafkaErrorCode.notLeaderOrFollower.rawValue, errorMessage: "The KRaft quorum has no leader (no majority of voters reachable)")
        }
        let voters = quorum.voters.map {
            DescribeQuorumResponse.ReplicaState(
                replicaId: $0.id, logEndOffset: $0.logEndOffset, lastFetchTimestamp: origin + $0.lastFetchMs,
                lastCaughtUpTimestamp: origin + $0.lastCaughtUpMs)
        }
        // Brokers replicate the metadata log as observers: those heartbeating now are at the high watermark.
        let observers = model.brokerIds.compactMap { id -> DescribeQuorumResponse.ReplicaState? in
            guard let broker = model.brokers[id], broker.registered, broker.isRunning else { return nil }
            let fetching = !broker.partitionedFromController && broker.lastHeartbeatMs == model.nowMs
            return DescribeQuorumResponse.ReplicaState(
                replicaId: id, logEndOffset: fetching ? quorum.highWatermark : broker.metadataOffset,
                lastFetchTimestamp: origin + broker.lastHeartbeatMs, lastCaughtUpTimestamp: origin + broker.lastHeartbeatMs)
        }
        return DescribeQuorumResponse(
            topics: [
                .init(
                    topicName: "__cluster_metadata",
                    partitions: [
                        .init(partitionIndex: 0, leaderId: quorum.leaderId, leaderEpoch: quorum.epoch, highWatermark: quorum.highWatermark, currentVoters: voters, observers: observers)
                    ])
            ])
    }
}
