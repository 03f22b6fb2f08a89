import KafkaProtocol

/// The payloads issue 5 asks to measure, shaped like what a real cluster returns.
enum Payloads {
    static let metadataVersion: Int16 = 12
    static let describeConfigsVersion: Int16 = 4

    /// A Metadata response for `topicCount` topics of `partitionsPerTopic` partitions, replication 3.
    static func metadata(topicCount: Int, partitionsPerTopic: Int) -> MetadataResponse {
        let brokers = (1...3).map { id in
            MetadataResponse.MetadataResponseBroker(
                nodeId: Int32(id), host: "broker-\(id).kafka.capstan.svc.cluster.local", port: 9092, rack: "rack-\(id)")
        }
        var topics: [MetadataResponse.MetadataResponseTopic] = []
        topics.reserveCapacity(topicCount)
        for topicIndex in 0..<topicCount {
            var partitions: [MetadataResponse.MetadataResponsePartition] = []
            partitions.reserveCapacity(partitionsPerTopic)
            for partitionIndex in 0..<partitionsPerTopic {
                let leader = Int32((topicIndex + partitionIndex) % 3 + 1)
                let replicas = (0..<3).map { Int32((Int(leader) - 1 + $0) % 3 + 1) }
                partitions.append(
                    .init(
                        errorCode: 0, partitionIndex: Int32(partitionIndex), leaderId: leader, leaderEpoch: 7,
                        replicaNodes: replicas, isrNodes: replicas, offlineReplicas: []))
            }
            topics.append(
                .init(
                    errorCode: 0, name: "orders.events.topic-\(topicIndex)",
                    topicId: KafkaUUID(mostSignificantBits: UInt64(topicIndex) &* 0x9E37_79B9_7F4A_7C15, leastSignificantBits: UInt64(topicIndex)),
                    isInternal: false, partitions: partitions, topicAuthorizedOperations: -2_147_483_648))
        }
        return MetadataResponse(
            throttleTimeMs: 0, brokers: brokers, clusterId: "capstan-bench-cluster-0001", controllerId: 1, topics: topics)
    }

    static let topicConfigs: [(String, String)] = [
        ("cleanup.policy", "delete"), ("compression.type", "producer"), ("delete.retention.ms", "86400000"),
        ("file.delete.delay.ms", "60000"), ("flush.messages", "9223372036854775807"), ("flush.ms", "9223372036854775807"),
        ("follower.replication.throttled.replicas", ""), ("index.interval.bytes", "4096"),
        ("leader.replication.throttled.replicas", ""), ("local.retention.bytes", "-2"), ("local.retention.ms", "-2"),
        ("max.compaction.lag.ms", "9223372036854775807"), ("max.message.bytes", "1048588"),
        ("message.downconversion.enable", "true"), ("message.format.version", "3.0-IV1"),
        ("message.timestamp.after.max.ms", "9223372036854775807"), ("message.timestamp.before.max.ms", "9223372036854775807"),
        ("message.timestamp.difference.max.ms", "9223372036854775807"), ("message.timestamp.type", "CreateTime"),
        ("min.cleanable.dirty.ratio", "0.5"), ("min.compaction.lag.ms", "0"), ("min.insync.replicas", "2"),
        ("preallocate", "false"), ("remote.storage.enable", "false"), ("retention.bytes", "-1"),
        ("retention.ms", "604800000"), ("segment.bytes", "1073741824"), ("segment.index.bytes", "10485760"),
        ("segment.jitter.ms", "0"), ("segment.ms", "604800000"), ("unclean.leader.election.enable", "false"),
    ]

    /// A DescribeConfigs response for `topicCount` topics with every topic config and one synonym each.
    static func describeConfigs(topicCount: Int) -> DescribeConfigsResponse {
        var results: [DescribeConfigsResponse.DescribeConfigsResult] = []
        results.reserveCapacity(topicCount)
        for topicIndex in 0..<topicCount {
            let configs = topicConfigs.map { name, value in
                DescribeConfigsResponse.DescribeConfigsResourceResult(
                    name: name, value: value, readOnly: false, configSource: 5, isSensitive: false,
                    synonyms: [.init(name: "log." + name, value: value, source: 5)], configType: 2,
                    documentation: nil)
            }
            results.append(
                .init(errorCode: 0, errorMessage: nil, resourceType: 2, resourceName: "orders.events.topic-\(topicIndex)", configs: configs))
        }
        return DescribeConfigsResponse(throttleTimeMs: 0, results: results)
    }
}
