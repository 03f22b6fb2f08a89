import KafkaProtocol
import NIOCore

extension BrokerResponder {
    func findCoordinator(_ request: FindCoordinatorRequest, version: Int16) -> FindCoordinatorResponse {
        let model = cluster.model
        let keys = version >= 4 ? request.coordinatorKeys : [request.key]
        let coordinators: [FindCoordinatorResponse.Coordinator] = keys.map { key in
            do {
                let id = try model.coordinator(forKey: key)
                return .init(key: key, nodeId: id, host: "127.0.0.1", port: model.brokers[id]?.port ?? 0)
            } catch {
                let error = SimulatedKafkaError(wrapping: error)
                return .init(key: key, nodeId: -1, host: "", port: -1, errorCode: error.code.rawValue, errorMessage: error.message)
            }
        }
        if version >= 4 { return FindCoordinatorResponse(coordinators: coordinators) }
        let first = coordinators.first ?? .init(key: request.key, nodeId: -1, host: "", port: -1)
        return FindCoordinatorResponse(
            errorCode: first.errorCode, errorMessage: first.errorMessage, nodeId: first.nodeId, host: first.host, port: first.port)
    }

    func joinGroup(_ request: JoinGroupRequest, clientId: String, version: Int16) -> JoinGroupResponse {
        cluster.withModel { model in
            do {
                let outcome = try model.joinGroup(
                    request.groupId, onBroker: brokerId, memberId: request.memberId, groupInstanceId: request.groupInstanceId,
                    clientId: clientId, protocolType: request.protocolType,
                    protocols: request.protocols.map { ($0.name, $0.metadata) }, sessionTimeoutMs: request.sessionTimeoutMs,
                    rebalanceTimeoutMs: request.rebalanceTimeoutMs, requireKnownMemberId: version >= 4)
                return JoinGroupResponse(
                    generationId: outcome.generation, protocolType: request.protocolType, protocolName: outcome.protocolName,
                    leader: outcome.leaderId, memberId: outcome.memberId,
                    members: outcome.members.map { .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, metadata: $0.metadata) })
            } catch {
                let error = SimulatedKafkaError(wrapping: error)
                if error.code == .memberIdRequired {
                    return JoinGroupResponse(errorCode: error.code.rawValue, generationId: -1, leader: "", memberId: error.message)
                }
                return JoinGroupResponse(errorCode: error.code.rawValue, generationId: -1, leader: "", memberId: request.memberId)
            }
        }
    }

    func syncGroup(_ request: SyncGroupRequest) -> SyncGroupResponse {
        cluster.withModel { model in
            do {
                let assignment = try model.syncGroup(
                    request.groupId, onBroker: brokerId, memberId: request.memberId, generation: request.generationId,
                    assignments: request.assignments.map { ($0.memberId, $0.assignment) })
                return SyncGroupResponse(protocolType: request.protocolType, protocolName: request.protocolName, assignment: assignment)
            } catch {
                let error = SimulatedKafkaError(wrapping: error)
                return SyncGroupResponse(errorCode: error.code.rawValue, assignment: ByteBuffer())
            }
        }
    }

    func heartbeat(_ request: HeartbeatRequest) -> HeartbeatResponse {
        cluster.withModel { model in
            do {
                try model.heartbeat(request.groupId, onBroker: brokerId, memberId: request.memberId, generation: request.generationId)
                return HeartbeatResponse()
            } catch {
                let error = SimulatedKafkaError(wrapping: error)
                return HeartbeatResponse(errorCode: error.code.rawValue)
            }
        }
    }

    func leaveGroup(_ request: LeaveGroupRequest) -> LeaveGroupResponse {
        cluster.withModel { model in
            let identities = request.members.isEmpty ? [(request.memberId, String?.none)] : request.members.map { ($0.memberId, $0.groupInstanceId) }
            var topLevel: Int16 = 0
            let results: [LeaveGroupResponse.MemberResponse] = identities.map { memberId, instanceId in
                do {
                    try model.leaveGroup(request.groupId, onBroker: brokerId, memberId: memberId)
                    return .init(memberId: memberId, groupInstanceId: instanceId)
                } catch {
                    let error = SimulatedKafkaError(wrapping: error)
                    if error.code == .notCoordinator { topLevel = error.code.rawValue }
                    return .init(memberId: memberId, groupInstanceId: instanceId, errorCode: error.code.rawValue)
                }
            }
            if request.members.isEmpty { topLevel = results.first?.errorCode ?? 0 }
            return LeaveGroupResponse(errorCode: topLevel, members: request.members.isEmpty ? [] : results)
        }
    }

    func offsetCommit(_ request: OffsetCommitRequest) -> OffsetCommitResponse {
        cluster.withModel { model in
            OffsetCommitResponse(
                topics: request.topics.map { topic in
                    .init(
                        name: topic.name,
                        partitions: topic.partitions.map { p in
                            do {
                                try model.commitOffset(
                                    request.groupId, onBroker: brokerId, memberId: request.memberId,
                                    generation: request.generationIdOrMemberEpoch, topic: topic.name, partition: p.partitionIndex,
                                    offset: p.committedOffset, metadata: p.committedMetadata)
                                return .init(partitionIndex: p.partitionIndex)
                            } catch {
                                let error = SimulatedKafkaError(wrapping: error)
                                return .init(partitionIndex: p.partitionIndex, errorCode: error.code.rawValue)
                            }
                        })
                })
        }
    }

    func offsetFetch(_ request: OffsetFetchRequest) -> OffsetFetchResponse {
        let model = cluster.model
        do {
            try model.requireCoordinator(brokerId, group: request.groupId)
        } catch {
            let error = SimulatedKafkaError(wrapping: error)
            return OffsetFetchResponse(errorCode: error.code.rawValue)
        }
        let offsets = model.groups[request.groupId]?.offsets ?? [:]
        let wanted = request.topics.map { $0.map { ($0.name, $0.partitionIndexes) } }
            ?? offsets.keys.sorted().map { ($0, offsets[$0]!.keys.sorted()) }
        return OffsetFetchResponse(
            topics: wanted.map { name, partitions in
                .init(
                    name: name,
                    partitions: partitions.map { index in
                        let committed = offsets[name]?[index]
                        return .init(partitionIndex: index, committedOffset: committed?.offset ?? -1, metadata: committed?.metadata ?? "")
                    })
            })
    }

    func listGroups(_ request: ListGroupsRequest) -> ListGroupsResponse {
        let model = cluster.model
        let groups = model.groups.values.filter { (try? model.coordinator(forKey: $0.groupId)) == brokerId }
            .filter { request.statesFilter.isEmpty || request.statesFilter.contains($0.state.rawValue) }
            .sorted { $0.groupId < $1.groupId }
        return ListGroupsResponse(
            groups: groups.map { .init(groupId: $0.groupId, protocolType: $0.protocolType, groupState: $0.state.rawValue, groupType: "classic") })
    }

    func deleteGroups(_ request: DeleteGroupsRequest) -> DeleteGroupsResponse {
        cluster.withModel { model in
            DeleteGroupsResponse(
                results: request.groupsNames.map { id in
                    do {
                        try model.deleteGroup(id, onBroker: brokerId)
                        return .init(groupId: id)
                    } catch {
                        return .init(groupId: id, errorCode: SimulatedKafkaError(wrapping: error).code.rawValue)
                    }
                })
        }
    }
}
