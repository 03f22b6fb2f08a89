import KafkaProtocol
import NIOCore

extension BrokerResponder {
    func produce(_ request: ProduceRequest, version: Int16) -> ProduceResponse {
        cluster.withModel { model in
            ProduceResponse(
                responses: request.topicData.map { topic in
                    .init(
                        name: topic.name,
                        partitionResponses: topic.partitionData.map { data in
                            do {
                                let result = try model.append(
                                    records: data.records ?? ByteBuffer(), topic: topic.name, partition: data.index, onBroker: brokerId,
                                    acks: request.acks)
                                return .init(index: data.index, baseOffset: result.baseOffset, logAppendTimeMs: -1, logStartOffset: result.logStartOffset)
                            } catch {
                                let error = SimulatedKafkaError(wrapping: error)
                                // errorMessage exists from v8 on; earlier versions carry the code alone.
                                return .init(
                                    index: data.index, errorCode: error.code.rawValue, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1,
                                    errorMessage: version >= 8 ? error.message : nil)
                            }
                        })
                })
        }
    }

    func fetch(_ request: FetchRequest) -> FetchResponse {
        let model = cluster.model
        var budget = Int(request.maxBytes > 0 ? request.maxBytes : 50 * 1024 * 1024)
        return FetchResponse(
            responses: request.topics.map { topic in
                let name = topic.topic.isEmpty ? (model.topics.values.first { $0.id == topic.topicId }?.name ?? "") : topic.topic
                return .init(
                    topic: name, topicId: topic.topicId,
                    partitions: topic.partitions.map { p in
                        do {
                            let result = try model.read(
                                topic: name, partition: p.partition, onBroker: brokerId, from: p.fetchOffset,
                                maxBytes: min(budget, Int(p.partitionMaxBytes)))
                            budget = max(0, budget - result.records.readableBytes)
                            return .init(
                                partitionIndex: p.partition, highWatermark: result.highWatermark, lastStableOffset: result.highWatermark,
                                logStartOffset: result.logStartOffset, abortedTransactions: [], records: result.records)
                        } catch {
                            let error = SimulatedKafkaError(wrapping: error)
                            return .init(partitionIndex: p.partition, errorCode: error.code.rawValue, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, records: ByteBuffer())
                        }
                    })
            })
    }

    func listOffsets(_ request: ListOffsetsRequest, version: Int16) -> ListOffsetsResponse {
        let model = cluster.model
        return ListOffsetsResponse(
            topics: request.topics.map { topic in
                .init(
                    name: topic.name,
                    partitions: topic.partitions.map { p in
                        do {
                            let partition = try model.checkLeader(brokerId, topic: topic.name, partition: p.partitionIndex)
                            // -2 earliest, -1 latest; timestamps are not indexed in the simulation, so a lookup by
                            // time answers the earliest offset still held (a safe lower bound for consumers).
                            let offset = p.timestamp == -1 ? partition.highWatermark : partition.logStartOffset
                            return .init(partitionIndex: p.partitionIndex, timestamp: -1, offset: offset, leaderEpoch: version >= 4 ? partition.leaderEpoch : -1)
                        } catch {
                            let error = SimulatedKafkaError(wrapping: error)
                            return .init(partitionIndex: p.partitionIndex, errorCode: error.code.rawValue, timestamp: -1, offset: -1)
                        }
                    })
            })
    }

    func deleteRecords(_ request: DeleteRecordsRequest) -> DeleteRecordsResponse {
        cluster.withModel { model in
            DeleteRecordsResponse(
                topics: request.topics.map { topic in
                    .init(
                        name: topic.name,
                        partitions: topic.partitions.map { p in
                            do {
                                let low = try model.deleteRecords(topic: topic.name, partition: p.partitionIndex, onBroker: brokerId, before: p.offset)
                                return .init(partitionIndex: p.partitionIndex, lowWatermark: low)
                            } catch {
                                let error = SimulatedKafkaError(wrapping: error)
                                return .init(partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode: error.code.rawValue)
                            }
                        })
                })
        }
    }

    func initProducerId(_ request: InitProducerIdRequest) -> InitProducerIdResponse {
        if let transactionalId = request.transactionalId, !transactionalId.isEmpty {
            return InitProducerIdResponse(
                errorCode: KafkaErrorCode.transactionalIdAuthorizationFailed.rawValue, producerId: -1, producerEpoch: -1)
        }
        let (id, epoch) = cluster.withModel { $0.initProducerId() }
        return InitProducerIdResponse(producerId: id, producerEpoch: epoch)
    }
}
