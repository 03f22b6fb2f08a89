import KafkaProtocol
import NIOCore
import Testing

@testable import KafkaTesting

/// Produce/Fetch semantics on the model with hand-built v2 batch headers.
@Suite struct RecordLogTests {
    /// A v2 batch of `count` one-byte records (bodies are opaque to the broker; the CRC is not checked here).
    static func batch(count: Int32, producerId: Int64 = -1, epoch: Int16 = -1, sequence: Int32 = -1) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int64(0))  // base offset, rewritten by the broker
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(Int32(0))
        buffer.writeInteger(Int32(-1))  // partition leader epoch
        buffer.writeInteger(Int8(2))  // magic
        buffer.writeInteger(UInt32(0))  // crc
        buffer.writeInteger(Int16(0))  // attributes
        buffer.writeInteger(count - 1)  // last offset delta
        buffer.writeInteger(Int64(0))
        buffer.writeInteger(Int64(0))
        buffer.writeInteger(producerId)
        buffer.writeInteger(epoch)
        buffer.writeInteger(sequence)
        buffer.writeInteger(count)
        buffer.writeRepeatingByte(7, count: Int(count))
        buffer.setInteger(Int32(buffer.writerIndex - 12), at: lengthIndex)
        return buffer
    }

    static func cluster() throws -> ClusterModel {
        var configuration = SimulatedClusterConfiguration()
        configuration.brokers = SimulatedClusterConfiguration.brokers(3, racks: 3)
        var model = ClusterModel(configuration: configuration)
        try model.createTopic("orders", partitions: 1, replicationFactor: 3, configs: ["min.insync.replicas": "2"])
        return model
    }

    @Test func appendAssignsOffsetsAndFetchReturnsTheBatchesWithThem() throws {
        var model = try Self.cluster()
        let leader = model.partition("orders", 0)!.leader
        let first = try model.append(records: Self.batch(count: 3), topic: "orders", partition: 0, onBroker: leader, acks: -1)
        let second = try model.append(records: Self.batch(count: 2), topic: "orders", partition: 0, onBroker: leader, acks: -1)
        #expect(first.baseOffset == 0)
        #expect(second.baseOffset == 3)
        let read = try model.read(topic: "orders", partition: 0, onBroker: leader, from: 3, maxBytes: 1 << 20)
        #expect(read.highWatermark == 5)
        #expect(read.records.getInteger(at: read.records.readerIndex, as: Int64.self) == 3)
        #expect(model.partition("orders", 0)!.replicaStates.values.allSatisfy { $0.logEndOffset == 5 })
        let follower = model.partition("orders", 0)!.replicas.first { $0 != leader }!
        #expect(throws: SimulatedKafkaError(.notLeaderOrFollower, "Broker \(follower) is not the leader of orders-0 (leader: \(leader))")) {
            try model.append(records: Self.batch(count: 1), topic: "orders", partition: 0, onBroker: follower, acks: 1)
        }
        #expect(throws: SimulatedKafkaError.self) { try model.read(topic: "orders", partition: 0, onBroker: leader, from: 9, maxBytes: 100) }
    }

    @Test func acksAllIsRefusedBelowMinInsyncReplicasButAcksOneIsNot() throws {
        var model = try Self.cluster()
        let leader = model.partition("orders", 0)!.leader
        for other in model.brokerIds where other != leader { try model.shutDownBroker(other) }
        do {
            _ = try model.append(records: Self.batch(count: 1), topic: "orders", partition: 0, onBroker: leader, acks: -1)
            Issue.record("acks=all should fail with one in-sync replica")
        } catch {
            #expect(error.code == .notEnoughReplicas)
        }
        let written = try model.append(records: Self.batch(count: 1), topic: "orders", partition: 0, onBroker: leader, acks: 1)
        #expect(written.baseOffset == 0)
    }

    @Test func idempotentProducerRetriesAreNotWrittenTwiceAndGapsAreRefused() throws {
        var model = try Self.cluster()
        let leader = model.partition("orders", 0)!.leader
        let (pid, epoch) = model.initProducerId()
        let first = Self.batch(count: 2, producerId: pid, epoch: epoch, sequence: 0)
        _ = try model.append(records: first, topic: "orders", partition: 0, onBroker: leader, acks: -1)
        let retry = try model.append(records: first, topic: "orders", partition: 0, onBroker: leader, acks: -1)
        #expect(retry.baseOffset == 0)
        #expect(model.partition("orders", 0)!.logEndOffset == 2)
        do {
            _ = try model.append(records: Self.batch(count: 1, producerId: pid, epoch: epoch, sequence: 5), topic: "orders", partition: 0, onBroker: leader, acks: -1)
            Issue.record("a sequence gap should be refused")
        } catch {
            #expect(error.code == .outOfOrderSequenceNumber)
        }
        let next = try model.append(records: Self.batch(count: 1, producerId: pid, epoch: epoch, sequence: 2), topic: "orders", partition: 0, onBroker: leader, acks: -1)
        #expect(next.baseOffset == 2)
    }

    @Test func retentionDropsOldBatchesAndMovesTheLogStart() throws {
        var configuration = SimulatedClusterConfiguration()
        configuration.brokers = SimulatedClusterConfiguration.brokers(1, racks: 1)
        configuration.retainedBytesPerPartition = 500
        var model = ClusterModel(configuration: configuration)
        try model.createTopic("logs", partitions: 1, replicationFactor: 1)
        for _ in 0..<10 { _ = try model.append(records: Self.batch(count: 100), topic: "logs", partition: 0, onBroker: 1, acks: 1) }
        let partition = try #require(model.partition("logs", 0))
        #expect(partition.retainedBytes <= 500)
        #expect(partition.logStartOffset > 0)
        #expect(partition.batches.first?.baseOffset == partition.logStartOffset)
        #expect(throws: SimulatedKafkaError.self) { try model.read(topic: "logs", partition: 0, onBroker: 1, from: 0, maxBytes: 100) }
    }
}
