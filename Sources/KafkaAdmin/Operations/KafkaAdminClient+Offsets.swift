import KafkaProtocol

/// Which offset ListOffsets should return.
public enum KafkaOffsetSpec: Sendable, Hashable {
    case earliest
    case latest
    /// The first offset whose timestamp is at or after this (milliseconds since the epoch).
    case timestamp(Int64)

    var wire: Int64 {
        switch self {
        case .earliest: -2
        case .latest: -1
        case .timestamp(let milliseconds): milliseconds
        }
    }
}

/// A group's lag on one partition.
public struct KafkaPartitionLag: Sendable, Hashable, Codable {
    public var partition: KafkaTopicPartition
    /// nil when the group has not committed on this partition.
    public var committedOffset: Int64?
    public var logEndOffset: Int64
    public var lag: Int64
}

extension KafkaAdminClient {
    /// Offsets of partitions, asked of each partition's leader (one request per leader, in parallel).
    public func listOffsets(_ partitions: [KafkaTopicPartition], spec: KafkaOffsetSpec = .latest) async throws(KafkaAdminError) -> [KafkaTopicPartition: Int64] {
        var metadata = try await fetchMetadata(topics: Array(Set(partitions.map(\.topic))).sorted())
        for topic in Set(partitions.map(\.topic)) {
            try KafkaAdminError.check(metadata.topics[topic]?.errorCode ?? KafkaErrorCode.unknownTopicOrPartition.rawValue, subject: "topic '\(topic)'")
        }
        var grouped = metadata.groupByLeader(partitions.map { ($0.topic, $0.partition) })
        if !grouped.leaderless.isEmpty {
            metadata = try await fetchMetadata(topics: nil)
            grouped = metadata.groupByLeader(partitions.map { ($0.topic, $0.partition) })
        }
        if let missing = grouped.leaderless.first {
            throw .kafka(
                KafkaErrorCode.leaderNotAvailable.rawValue, subject: "partition \(missing.topic)-\(missing.partition)",
                brokerMessage: "it has no leader or does not exist")
        }
        let groups = grouped.byLeader
        do {
            return try await withThrowingTaskGroup(of: [KafkaTopicPartition: Int64].self) { group in
                for (leader, items) in groups {
                    group.addTask {
                        let request = ListOffsetsRequest(
                            replicaId: -1,
                            topics: Dictionary(grouping: items, by: \.topic).sorted { $0.key < $1.key }.map { topic, list in
                                .init(name: topic, partitions: list.map { .init(partitionIndex: $0.partition, timestamp: spec.wire) })
                            })
                        let response = try await self.send(request, to: .broker(leader))
                        var offsets: [KafkaTopicPartition: Int64] = [:]
                        for topic in response.topics {
                            for partition in topic.partitions {
                                try KafkaAdminError.check(partition.errorCode, subject: "offset of \(topic.name)-\(partition.partitionIndex)")
                                offsets[.init(topic: topic.name, partition: partition.partitionIndex)] =
                                    partition.oldStyleOffsets.first ?? partition.offset
                            }
                        }
                        return offsets
                    }
                }
                var all: [KafkaTopicPartition: Int64] = [:]
                for try await part in group { all.merge(part) { $1 } }
                return all
            }
        } catch let error as KafkaAdminError {
            throw error
        } catch {
            throw KafkaAdminError(code: .protocolError, message: "ListOffsets failed: \(error)")
        }
    }

    /// A consumer group's lag per partition: log end offset minus committed offset, over the partitions
    /// the group committed (or all partitions of `topics` when given).
    public func consumerGroupLag(_ groupId: String, topics: [String]? = nil) async throws(KafkaAdminError) -> [KafkaPartitionLag] {
        let committed = try await listConsumerGroupOffsets(groupId)
        var partitions = Set(committed.keys)
        if let topics {
            for topic in try await describeTopics(topics) {
                for partition in topic.partitions { partitions.insert(.init(topic: topic.name, partition: partition.partition)) }
            }
            partitions = partitions.filter { topics.contains($0.topic) }
        }
        var ends: [KafkaTopicPartition: Int64] = [:]
        if !partitions.isEmpty { ends = try await listOffsets(Array(partitions), spec: .latest) }
        return Self.lag(committed: committed, logEnd: ends)
    }

    /// Pure lag arithmetic: never negative (a commit can be ahead of a stale end offset).
    static func lag(committed: [KafkaTopicPartition: Int64], logEnd: [KafkaTopicPartition: Int64]) -> [KafkaPartitionLag] {
        logEnd.map { partition, end in
            let offset = committed[partition]
            return KafkaPartitionLag(partition: partition, committedOffset: offset, logEndOffset: end, lag: max(0, end - (offset ?? 0)))
        }.sorted { $0.partition < $1.partition }
    }

    /// Deletes records before the given offsets (per partition), asking each leader. Returns the new
    /// low watermarks.
    public func deleteRecords(before offsets: [KafkaTopicPartition: Int64], timeout: Duration = .seconds(30)) async throws(KafkaAdminError) -> [KafkaTopicPartition: Int64] {
        let metadata = try await fetchMetadata(topics: Array(Set(offsets.keys.map(\.topic))).sorted())
        let grouped = metadata.groupByLeader(offsets.keys.map { ($0.topic, $0.partition) })
        if let missing = grouped.leaderless.first {
            throw .kafka(KafkaErrorCode.unknownTopicOrPartition.rawValue, subject: "partition \(missing.topic)-\(missing.partition)")
        }
        var result: [KafkaTopicPartition: Int64] = [:]
        for (leader, items) in grouped.byLeader.sorted(by: { $0.key < $1.key }) {
            let request = DeleteRecordsRequest(
                topics: Dictionary(grouping: items, by: \.topic).sorted { $0.key < $1.key }.map { topic, list in
                    .init(name: topic, partitions: list.map { .init(partitionIndex: $0.partition, offset: offsets[.init(topic: topic, partition: $0.partition)] ?? -1) })
                },
                timeoutMs: Int32(timeout.components.seconds * 1000))
            let response = try await send(request, to: .broker(leader))
            for topic in response.topics {
                for partition in topic.partitions {
                    try KafkaAdminError.check(partition.errorCode, subject: "delete records of \(topic.name)-\(partition.partitionIndex)")
                    result[.init(topic: topic.name, partition: partition.partitionIndex)] = partition.lowWatermark
                }
            }
        }
        return result
    }
}
