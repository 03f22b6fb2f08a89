import KafkaProtocol

/// One log directory of one broker with the size of each partition in it.
public struct KafkaLogDirDescription: Sendable, Hashable, Codable {
    public struct PartitionSize: Sendable, Hashable, Codable {
        public var partition: KafkaTopicPartition
        public var sizeBytes: Int64
        public var offsetLag: Int64
        public var isFuture: Bool
    }

    public var brokerId: Int32
    public var path: String
    public var errorName: String?
    /// nil when the broker does not report it (versions before 4).
    public var totalBytes: Int64?
    public var usableBytes: Int64?
    public var partitions: [PartitionSize]
}

extension KafkaAdminClient {
    /// Log directories of each broker (every broker in the metadata unless `brokers` is given), asked of
    /// each broker in parallel.
    public func describeLogDirs(brokers: [Int32]? = nil) async throws(KafkaAdminError) -> [KafkaLogDirDescription] {
        var ids = brokers ?? []
        if brokers == nil { ids = try await clusterMetadata(refresh: true).brokers.keys.sorted() }
        do {
            return try await withThrowingTaskGroup(of: [KafkaLogDirDescription].self) { group in
                for id in ids {
                    group.addTask {
                        let response = try await self.send(DescribeLogDirsRequest(topics: nil), to: .broker(id))
                        try KafkaAdminError.check(response.errorCode, subject: "DescribeLogDirs of broker \(id)")
                        return response.results.map { dir in
                            KafkaLogDirDescription(
                                brokerId: id, path: dir.logDir,
                                errorName: dir.errorCode == 0 ? nil : KafkaErrorCode(rawValue: dir.errorCode).name,
                                totalBytes: dir.totalBytes >= 0 ? dir.totalBytes : nil, usableBytes: dir.usableBytes >= 0 ? dir.usableBytes : nil,
                                partitions: dir.topics.flatMap { topic in
                                    topic.partitions.map {
                                        .init(
                                            partition: .init(topic: topic.name, partition: $0.partitionIndex), sizeBytes: $0.partitionSize,
                                            offsetLag: $0.offsetLag, isFuture: $0.isFutureKey)
                                    }
                                }.sorted { $0.partition < $1.partition })
                        }
                    }
                }
                var all: [KafkaLogDirDescription] = []
                for try await part in group { all += part }
                return all.sorted { ($0.brokerId, $0.path) < ($1.brokerId, $1.path) }
            }
        } catch let error as KafkaAdminError {
            throw error
        } catch {
            throw KafkaAdminError(code: .protocolError, message: "DescribeLogDirs failed: \(error)")
        }
    }
}

/// Moving one replica to another log directory of the broker that hosts it (JBOD).
public struct KafkaReplicaLogDirMove: Sendable, Hashable, Codable {
    public var brokerId: Int32
    public var partition: KafkaTopicPartition
    /// The absolute path of the destination directory, one of the broker's `log.dirs`.
    public var path: String

    public init(brokerId: Int32, partition: KafkaTopicPartition, path: String) {
        self.brokerId = brokerId
        self.partition = partition
        self.path = path
    }
}

extension KafkaAdminClient {
    /// Moves replicas between the log directories of the brokers hosting them, asking each broker named in
    /// `moves` in parallel. The broker copies the replica to the new directory in the background; follow the
    /// copy with `describeLogDirs` (the new copy is listed with `isFuture` until it has caught up).
    ///
    /// Returns the moves the brokers refused, each with its typed error (for example
    /// `LOG_DIR_NOT_FOUND` for a path the broker does not have); an empty result means every move was
    /// accepted. Throws when a broker cannot be asked at all.
    public func alterReplicaLogDirs(
        _ moves: [KafkaReplicaLogDirMove]
    ) async throws(KafkaAdminError) -> [KafkaReplicaLogDirMove: KafkaAdminError] {
        let byBroker = Dictionary(grouping: moves, by: \.brokerId)
        do {
            return try await withThrowingTaskGroup(of: [KafkaReplicaLogDirMove: KafkaAdminError].self) { group in
                for (brokerId, brokerMoves) in byBroker {
                    group.addTask {
                        let response = try await self.send(Self.alterReplicaLogDirsRequest(brokerMoves), to: .broker(brokerId))
                        return Self.refusedMoves(brokerMoves, response: response)
                    }
                }
                var refused: [KafkaReplicaLogDirMove: KafkaAdminError] = [:]
                for try await part in group { refused.merge(part) { first, _ in first } }
                return refused
            }
        } catch let error as KafkaAdminError {
            throw error
        } catch {
            throw KafkaAdminError(code: .protocolError, message: "AlterReplicaLogDirs failed: \(error)")
        }
    }

    /// One request per broker: moves grouped by destination directory, then by topic.
    static func alterReplicaLogDirsRequest(_ moves: [KafkaReplicaLogDirMove]) -> AlterReplicaLogDirsRequest {
        AlterReplicaLogDirsRequest(
            dirs: Dictionary(grouping: moves, by: \.path).sorted { $0.key < $1.key }.map { path, inDir in
                .init(
                    path: path,
                    topics: Dictionary(grouping: inDir, by: \.partition.topic).sorted { $0.key < $1.key }.map { topic, inTopic in
                        .init(name: topic, partitions: inTopic.map(\.partition.partition).sorted())
                    })
            })
    }

    /// The moves whose partitions came back with an error; a partition missing from the response is an
    /// error too, since the broker did not say it accepted the move.
    static func refusedMoves(
        _ moves: [KafkaReplicaLogDirMove], response: AlterReplicaLogDirsResponse
    ) -> [KafkaReplicaLogDirMove: KafkaAdminError] {
        var codes: [KafkaTopicPartition: Int16] = [:]
        for topic in response.results {
            for partition in topic.partitions {
                codes[.init(topic: topic.topicName, partition: partition.partitionIndex)] = partition.errorCode
            }
        }
        var refused: [KafkaReplicaLogDirMove: KafkaAdminError] = [:]
        for move in moves {
            let subject = "moving \(move.partition) on broker \(move.brokerId) to \(move.path)"
            guard let code = codes[move.partition] else {
                refused[move] = KafkaAdminError(code: .protocolError, message: "\(subject): the broker's answer does not mention the partition")
                continue
            }
            if code != 0 { refused[move] = .kafka(code, subject: subject, brokerMessage: nil) }
        }
        return refused
    }
}
