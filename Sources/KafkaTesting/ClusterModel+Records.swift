import NIOCore

/// The outcome of appending one partition's records.
public struct AppendResult: Sendable, Hashable {
    public var baseOffset: Int64
    public var logStartOffset: Int64
}

extension ClusterModel {
    /// Checks that `brokerId` leads the partition and can take writes with `acks`.
    func checkLeader(_ brokerId: Int32, topic: String, partition index: Int32) throws(SimulatedKafkaError) -> PartitionModel {
        guard let partition = partition(topic, index) else {
            throw SimulatedKafkaError(.unknownTopicOrPartition, "This server does not host this topic-partition: \(topic)-\(index)")
        }
        guard partition.leader == brokerId, brokers[brokerId]?.isServing == true else {
            throw SimulatedKafkaError(.notLeaderOrFollower, "Broker \(brokerId) is not the leader of \(topic)-\(index) (leader: \(partition.leader))")
        }
        return partition
    }

    /// Appends produced batches on the leader: rewrites base offsets, checks idempotent sequences, enforces
    /// min.insync.replicas for acks=all, replicates to in-sync followers, applies retention.
    public mutating func append(
        records: ByteBuffer, topic: String, partition index: Int32, onBroker brokerId: Int32, acks: Int16
    ) throws(SimulatedKafkaError) -> AppendResult {
        let partition = try checkLeader(brokerId, topic: topic, partition: index)
        if acks == -1, partition.isr.count < minInsyncReplicas(of: topic) {
            throw SimulatedKafkaError(
                .notEnoughReplicas,
                "Messages are rejected since there are fewer in-sync replicas (\(partition.isr.count)) than required (\(minInsyncReplicas(of: topic))) for \(topic)-\(index)")
        }
        let batches = try RecordBatchHeader.batches(in: records)
        var p = partition
        var firstOffset: Int64?
        for (header, bytes) in batches {
            if header.producerId >= 0, let state = p.producerSequences[header.producerId] {
                if header.producerEpoch < state.epoch {
                    throw SimulatedKafkaError(.invalidProducerEpoch, "Producer \(header.producerId) epoch \(header.producerEpoch) is older than \(state.epoch) on \(topic)-\(index)")
                }
                if header.producerEpoch == state.epoch, header.baseSequence != state.lastSequence &+ 1 {
                    if header.baseSequence &+ header.lastOffsetDelta == state.lastSequence {
                        // A retry of the batch just written: acknowledged with its original offset, not written twice.
                        firstOffset = firstOffset ?? state.lastBaseOffset
                        continue
                    }
                    if header.baseSequence <= state.lastSequence {
                        throw SimulatedKafkaError(.duplicateSequenceNumber, "Duplicate sequence \(header.baseSequence) from producer \(header.producerId) on \(topic)-\(index)")
                    }
                    throw SimulatedKafkaError(
                        .outOfOrderSequenceNumber,
                        "Out of order sequence number for producer \(header.producerId) on \(topic)-\(index): expected \(state.lastSequence &+ 1), got \(header.baseSequence)")
                }
            }
            let base = p.logEndOffset
            var stored = bytes
            stored.setInteger(base, at: stored.readerIndex + RecordBatchHeader.baseOffsetPosition)
            stored.setInteger(p.leaderEpoch, at: stored.readerIndex + RecordBatchHeader.partitionLeaderEpochPosition)
            let count = Int64(header.lastOffsetDelta) + 1
            p.batches.append(StoredRecordBatch(baseOffset: base, recordCount: Int32(count), bytes: stored))
            p.retainedBytes += stored.readableBytes
            p.replicaStates[p.leader]?.logEndOffset += count
            p.replicaStates[p.leader]?.sizeBytes += Int64(stored.readableBytes)
            if header.producerId >= 0 {
                p.producerSequences[header.producerId] = ProducerSequenceState(
                    epoch: header.producerEpoch, lastSequence: header.baseSequence &+ header.lastOffsetDelta, lastBaseOffset: base)
            }
            firstOffset = firstOffset ?? base
        }
        // In-sync followers on healthy brokers replicate within the request (what acks=all waits for).
        if let leaderState = p.leaderState {
            for follower in p.isr where follower != p.leader {
                guard let broker = brokers[follower], broker.isServing, broker.diskSlowdownFactor <= 1 else { continue }
                p.replicaStates[follower]?.logEndOffset = leaderState.logEndOffset
                p.replicaStates[follower]?.sizeBytes = leaderState.sizeBytes
                p.replicaStates[follower]?.lastCaughtUpMs = nowMs
            }
        }
        while p.retainedBytes > configuration.retainedBytesPerPartition, p.batches.count > 1 {
            let dropped = p.batches.removeFirst()
            p.retainedBytes -= dropped.bytes.readableBytes
            p.logStartOffset = dropped.lastOffset + 1
        }
        topics[topic]!.partitions[Int(index)] = p
        return AppendResult(baseOffset: firstOffset ?? p.logEndOffset, logStartOffset: p.logStartOffset)
    }

    /// Batches from `offset` up to the high watermark, at most about `maxBytes` (at least one batch).
    public func read(topic: String, partition index: Int32, onBroker brokerId: Int32, from offset: Int64, maxBytes: Int) throws(SimulatedKafkaError) -> (records: ByteBuffer, highWatermark: Int64, logStartOffset: Int64) {
        let partition = try checkLeader(brokerId, topic: topic, partition: index)
        let highWatermark = partition.highWatermark
        guard offset >= partition.logStartOffset, offset <= partition.logEndOffset else {
            throw SimulatedKafkaError(
                .offsetOutOfRange,
                "Fetch offset \(offset) of \(topic)-\(index) is outside [\(partition.logStartOffset), \(partition.logEndOffset)]")
        }
        var out = ByteBuffer()
        for batch in partition.batches where batch.lastOffset >= offset && batch.lastOffset < highWatermark {
            if out.readableBytes > 0 && out.readableBytes + batch.bytes.readableBytes > maxBytes { break }
            var bytes = batch.bytes
            out.writeBuffer(&bytes)
        }
        return (out, highWatermark, partition.logStartOffset)
    }

    /// DeleteRecords: moves the log start offset forward (-1 = to the high watermark).
    public mutating func deleteRecords(topic: String, partition index: Int32, onBroker brokerId: Int32, before offset: Int64) throws(SimulatedKafkaError) -> Int64 {
        let partition = try checkLeader(brokerId, topic: topic, partition: index)
        let target = offset == -1 ? partition.highWatermark : offset
        guard target >= 0, target <= partition.highWatermark else {
            throw SimulatedKafkaError(.offsetOutOfRange, "Cannot delete records of \(topic)-\(index) before \(offset): beyond the high watermark \(partition.highWatermark)")
        }
        updatePartition(topic, index) { p in
            p.logStartOffset = max(p.logStartOffset, target)
            while let first = p.batches.first, first.lastOffset < p.logStartOffset {
                p.retainedBytes -= first.bytes.readableBytes
                p.batches.removeFirst()
            }
        }
        return self.partition(topic, index)?.logStartOffset ?? target
    }

    /// InitProducerId for an idempotent (non-transactional) producer.
    public mutating func initProducerId() -> (id: Int64, epoch: Int16) {
        nextProducerId += 1
        return (nextProducerId - 1, 0)
    }
}
