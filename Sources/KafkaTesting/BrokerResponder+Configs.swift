import KafkaProtocol

extension BrokerResponder {
    func describeConfigs(_ request: DescribeConfigsRequest, version: Int16) -> DescribeConfigsResponse {
        let model = cluster.model
        return DescribeConfigsResponse(
            results: request.resources.map { resource in
                do {
                    let type = try ConfigResourceType(wire: resource.resourceType)
                    let configs = try model.describeConfigs(type, name: resource.resourceName, keys: resource.configurationKeys)
                    return .init(
                        resourceType: resource.resourceType, resourceName: resource.resourceName,
                        configs: configs.map {
                            .init(
                                name: $0.name, value: $0.value, readOnly: $0.readOnly,
                                // isDefault exists in v0 only; later versions say it with configSource.
                                isDefault: version == 0 && $0.source == .defaultConfig,
                                configSource: $0.source.rawValue, isSensitive: $0.sensitive,
                                synonyms: request.includeSynonyms ? [.init(name: $0.name, value: $0.value, source: $0.source.rawValue)] : [],
                                configType: $0.type)
                        })
                } catch {
                    let error = SimulatedKafkaError(wrapping: error)
                    return .init(errorCode: error.code.rawValue, errorMessage: error.message, resourceType: resource.resourceType, resourceName: resource.resourceName)
                }
            })
    }

    func incrementalAlterConfigs(_ request: IncrementalAlterConfigsRequest) -> IncrementalAlterConfigsResponse {
        cluster.withModel { model in
            IncrementalAlterConfigsResponse(
                responses: request.resources.map { resource in
                    do {
                        let type = try ConfigResourceType(wire: resource.resourceType)
                        let operations: [(name: String, operation: ConfigOperation)] = try resource.configs.map { config throws(SimulatedKafkaError) in
                            switch config.configOperation {
                            case 0: return (config.name, .set(config.value ?? ""))
                            case 1: return (config.name, .delete)
                            case 2: return (config.name, .append(config.value ?? ""))
                            case 3: return (config.name, .subtract(config.value ?? ""))
                            default:
                                throw SimulatedKafkaError(
                                    .invalidRequest, "Unknown config operation \(config.configOperation) on \(config.name): use SET (0), DELETE (1), APPEND (2) or SUBTRACT (3)")
                            }
                        }
                        try model.alterConfigs(type, name: resource.resourceName, operations, validateOnly: request.validateOnly)
                        return .init(resourceType: resource.resourceType, resourceName: resource.resourceName)
                    } catch {
                        let error = SimulatedKafkaError(wrapping: error)
                        return .init(errorCode: error.code.rawValue, errorMessage: error.message, resourceType: resource.resourceType, resourceName: resource.resourceName)
                    }
                })
        }
    }

    func describeLogDirs(_ request: DescribeLogDirsRequest) -> DescribeLogDirsResponse {
        let model = cluster.model
        guard let broker = model.brokers[brokerId] else { return DescribeLogDirsResponse(errorCode: KafkaErrorCode.unknownServerError.rawValue) }
        var topics: [DescribeLogDirsResponse.DescribeLogDirsTopic] = []
        for name in model.topics.keys.sorted() {
            let wanted = request.topics.map { $0.first { $0.topic == name }?.partitions }
            if case .some(.none) = wanted { continue }
            let partitions = model.topics[name]!.partitions.filter { p in
                p.replicaStates[brokerId] != nil && (wanted??.contains(p.index) ?? true)
            }
            guard !partitions.isEmpty else { continue }
            topics.append(
                .init(
                    name: name,
                    partitions: partitions.map { p in
                        let state = p.replicaStates[brokerId]!
                        return .init(partitionIndex: p.index, partitionSize: state.sizeBytes, offsetLag: max(0, p.logEndOffset - state.logEndOffset))
                    }))
        }
        let used = model.bytesStored(onBroker: brokerId)
        return DescribeLogDirsResponse(
            results: [.init(logDir: broker.logDir, topics: topics, totalBytes: broker.logDirCapacityBytes, usableBytes: max(0, broker.logDirCapacityBytes - used))])
    }

    /// Each simulated broker has a single log directory, so a replica it hosts is already in the only
    /// directory a move may name: that move succeeds and changes nothing; any other path is
    /// LOG_DIR_NOT_FOUND, as on a real broker; a partition this broker does not host is
    /// REPLICA_NOT_AVAILABLE (a real broker would remember the directory for a replica created later).
    func alterReplicaLogDirs(_ request: AlterReplicaLogDirsRequest) -> AlterReplicaLogDirsResponse {
        let model = cluster.model
        let logDir = model.brokers[brokerId]?.logDir
        var codes: [String: [Int32: Int16]] = [:]
        for dir in request.dirs {
            for topic in dir.topics {
                for index in topic.partitions {
                    let code: KafkaErrorCode
                    if let partition = model.topics[topic.name]?.partitions.first(where: { $0.index == index }) {
                        if dir.path != logDir {
                            code = .logDirNotFound
                        } else {
                            code = partition.replicaStates[brokerId] == nil ? .replicaNotAvailable : .none
                        }
                    } else {
                        code = .unknownTopicOrPartition
                    }
                    codes[topic.name, default: [:]][index] = code.rawValue
                }
            }
        }
        return AlterReplicaLogDirsResponse(
            results: codes.keys.sorted().map { topic in
                .init(
                    topicName: topic,
                    partitions: codes[topic, default: [:]].sorted { $0.key < $1.key }.map { .init(partitionIndex: $0.key, errorCode: $0.value) })
            })
    }

    func unregisterBroker(_ request: UnregisterBrokerRequest) -> UnregisterBrokerResponse {
        cluster.withModel { model in
            do {
                try model.unregisterBroker(request.brokerId)
                return UnregisterBrokerResponse()
            } catch {
                let error = SimulatedKafkaError(wrapping: error)
                return UnregisterBrokerResponse(errorCode: error.code.rawValue, errorMessage: error.message)
            }
        }
    }

    func describeGroups(_ request: DescribeGroupsRequest) -> DescribeGroupsResponse {
        let model = cluster.model
        return DescribeGroupsResponse(
            groups: request.groups.map { id in
                if (try? model.coordinator(forKey: id)) != brokerId {
                    return .init(errorCode: KafkaErrorCode.notCoordinator.rawValue, groupId: id, groupState: "", protocolType: "", protocolData: "")
                }
                guard let group = model.groups[id] else {
                    return .init(groupId: id, groupState: "Dead", protocolType: "", protocolData: "")
                }
                return .init(
                    groupId: id, groupState: group.state.rawValue, protocolType: group.protocolType, protocolData: group.protocolName ?? "",
                    members: group.members.map { m in
                        .init(
                            memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, clientHost: m.clientHost,
                            memberMetadata: m.protocols.first { $0.name == group.protocolName }?.metadata ?? .init(),
                            memberAssignment: m.assignment)
                    })
            })
    }
}
