import KafkaProtocol

/// The KRaft controller quorum (DescribeQuorum of `__cluster_metadata`).
public struct KafkaQuorumDescription: Sendable, Hashable, Codable {
    public struct Replica: Sendable, Hashable, Codable {
        public var id: Int32
        public var logEndOffset: Int64
        /// How far behind the leader's log end offset this replica is.
        public var lag: Int64
        /// Milliseconds since the epoch, nil when unknown (-1 on the wire).
        public var lastFetchTimestamp: Int64?
        public var lastCaughtUpTimestamp: Int64?
    }

    public var leaderId: Int32
    public var leaderEpoch: Int32
    public var highWatermark: Int64
    public var voters: [Replica]
    public var observers: [Replica]
}

extension KafkaAdminClient {
    /// Voters and observers of the metadata quorum with their lag behind the leader.
    public func describeQuorum() async throws(KafkaAdminError) -> KafkaQuorumDescription {
        let request = DescribeQuorumRequest(topics: [.init(topicName: "__cluster_metadata", partitions: [.init(partitionIndex: 0)])])
        let response = try await send(request, to: .anyBroker)
        try KafkaAdminError.check(response.errorCode, subject: "DescribeQuorum", brokerMessage: response.errorMessage)
        guard let partition = response.topics.first?.partitions.first else {
            throw KafkaAdminError(code: .protocolError, message: "DescribeQuorum answered without the __cluster_metadata partition")
        }
        try KafkaAdminError.check(partition.errorCode, subject: "DescribeQuorum of __cluster_metadata-0", brokerMessage: partition.errorMessage)
        return Self.quorum(from: partition)
    }

    static func quorum(from partition: DescribeQuorumResponse.PartitionData) -> KafkaQuorumDescription {
        let leaderEnd = partition.currentVoters.first { $0.replicaId == partition.leaderId }?.logEndOffset ?? partition.highWatermark
        func replica(_ state: DescribeQuorumResponse.ReplicaState) -> KafkaQuorumDescription.Replica {
            .init(
                id: state.replicaId, logEndOffset: state.logEndOffset, lag: max(0, leaderEnd - state.logEndOffset),
                lastFetchTimestamp: state.lastFetchTimestamp >= 0 ? state.lastFetchTimestamp : nil,
                lastCaughtUpTimestamp: state.lastCaughtUpTimestamp >= 0 ? state.lastCaughtUpTimestamp : nil)
        }
        return KafkaQuorumDescription(
            leaderId: partition.leaderId, leaderEpoch: partition.leaderEpoch, highWatermark: partition.highWatermark,
            voters: partition.currentVoters.map(replica).sorted { $0.id < $1.id },
            observers: partition.observers.map(replica).sorted { $0.id < $1.id })
    }
}
