import KafkaProtocol

/// The whole simulated cluster as one value: controllers, brokers, topics, groups, security objects and the
/// simulated clock. Every operation is a mutating method without I/O; `SimulatedKafkaCluster` keeps one
/// behind a `Mutex` and the broker servers translate the Kafka protocol into these calls.
public struct ClusterModel: Sendable {
    public internal(set) var configuration: SimulatedClusterConfiguration
    /// Simulated time in milliseconds since the cluster started.
    public internal(set) var nowMs: Int64 = 0
    public internal(set) var quorum: QuorumModel
    public internal(set) var brokers: [Int32: BrokerModel]
    public internal(set) var topics: [String: TopicModel] = [:]
    public internal(set) var groups: [String: ConsumerGroupModel] = [:]
    public internal(set) var acls: [AclBinding] = []
    public internal(set) var scramUsers: [String: [ScramMechanism: ScramCredential]] = [:]
    public internal(set) var quotas: [QuotaEntity: [String: Double]] = [:]
    public internal(set) var clusterDynamicConfigs: [String: String] = [:]
    /// The acks=all availability probe, sampled as the model changes.
    public internal(set) var availabilityProbe = AvailabilityProbe()
    var nextProducerId: Int64 = 1000
    var nextTopicIdSeed: UInt64 = 1

    public init(configuration: SimulatedClusterConfiguration) {
        self.configuration = configuration
        quorum = QuorumModel(voterIds: configuration.controllerIds)
        quorum.maintainLeadership()
        brokers = Dictionary(
            uniqueKeysWithValues: configuration.brokers.map {
                ($0.id, BrokerModel(id: $0.id, rack: $0.rack, logDirCapacityBytes: configuration.logDirCapacityBytes))
            })
    }

    /// The broker ids in ascending order.
    public var brokerIds: [Int32] { brokers.keys.sorted() }
    /// Brokers that can host leaders and ISR members.
    public var servingBrokerIds: [Int32] { brokerIds.filter { brokers[$0]?.isServing == true } }

    /// Every partition in topic, index order.
    public var allPartitions: [PartitionModel] {
        topics.keys.sorted().flatMap { topics[$0]?.partitions ?? [] }
    }
    public var underReplicatedPartitions: [PartitionModel] { allPartitions.filter(\.isUnderReplicated) }
    public var offlinePartitions: [PartitionModel] { allPartitions.filter(\.isOffline) }

    public func partition(_ topic: String, _ index: Int32) -> PartitionModel? {
        guard let partitions = topics[topic]?.partitions, index >= 0, Int(index) < partitions.count else { return nil }
        return partitions[Int(index)]
    }

    mutating func updatePartition<T>(_ topic: String, _ index: Int32, _ body: (inout PartitionModel) throws -> T) rethrows -> T? {
        guard let count = topics[topic]?.partitions.count, index >= 0, Int(index) < count else { return nil }
        return try body(&topics[topic]!.partitions[Int(index)])
    }

    /// The effective `min.insync.replicas` of a topic.
    public func minInsyncReplicas(of topic: String) -> Int {
        topics[topic]?.configs["min.insync.replicas"].flatMap(Int.init)
            ?? clusterDynamicConfigs["min.insync.replicas"].flatMap(Int.init) ?? configuration.defaultMinInsyncReplicas
    }

    /// An acks=all write to this partition would succeed now.
    public func acceptsAcksAllWrites(_ partition: PartitionModel) -> Bool {
        !partition.isOffline && brokers[partition.leader]?.isServing == true
            && partition.isr.count >= minInsyncReplicas(of: partition.topic)
    }

    /// Every metadata change goes through the controller quorum: without a majority the controller cannot
    /// commit, and real Kafka answers REQUEST_TIMED_OUT once the request's deadline passes.
    mutating func commitMetadataChange(_ what: String) throws(SimulatedKafkaError) {
        guard quorum.commitMetadataRecord(nowMs: nowMs) else {
            throw SimulatedKafkaError(
                .requestTimedOut,
                "\(what): the KRaft controller quorum has no majority (\(quorum.voters.filter(\.isReachable).count) of \(quorum.voters.count) voters reachable), so the change cannot be committed")
        }
    }

    mutating func makeTopicId() -> KafkaUUID {
        // SplitMix64: deterministic, non-zero ids so runs are reproducible.
        func next() -> UInt64 {
            nextTopicIdSeed &+= 0x9E37_79B9_7F4A_7C15
            var z = nextTopicIdSeed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return KafkaUUID(mostSignificantBits: next() | 1, leastSignificantBits: next())
    }
}
