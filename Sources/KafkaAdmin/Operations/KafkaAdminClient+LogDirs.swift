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
