import KafkaProtocol
import NIOCore

/// One replica of a partition on one broker.
public struct ReplicaState: Sendable, Hashable {
    public var brokerId: Int32
    /// Offset after the last message this replica holds.
    public var logEndOffset: Int64 = 0
    /// Bytes of log this replica holds.
    public var sizeBytes: Int64 = 0
    /// Last simulated time the replica was caught up with the leader (what replica.lag.time.max.ms checks).
    public var lastCaughtUpMs: Int64 = 0
}

/// A partition: its replica set, leader, ISR, epoch and log, including a reassignment in progress.
public struct PartitionModel: Sendable, Hashable {
    public var topic: String
    public var index: Int32
    /// The replica set in preference order (the first is the preferred leader).
    public var replicas: [Int32]
    public var leader: Int32
    public var isr: [Int32]
    public var leaderEpoch: Int32 = 0
    public var partitionEpoch: Int32 = 0
    /// Per replica progress, keyed by broker id.
    public var replicaStates: [Int32: ReplicaState]
    /// Reassignment in progress: the target replica set, and the replicas being added and removed.
    public var reassignmentTarget: [Int32]? = nil
    public var addingReplicas: [Int32] = []
    public var removingReplicas: [Int32] = []
    /// `leader.replication.throttled.rate`-style throttle of the running reassignment, bytes/s (nil = none).
    public var reassignmentThrottleBytesPerSecond: Int64? = nil
    /// First offset still in the log (moves with retention and DeleteRecords).
    public var logStartOffset: Int64 = 0
    /// Real record batches produced to this partition, oldest first (bounded by retention).
    public var batches: [StoredRecordBatch] = []
    public var retainedBytes = 0
    /// Idempotent producers' last appended sequence per producer id.
    public var producerSequences: [Int64: ProducerSequenceState] = [:]

    init(topic: String, index: Int32, replicas: [Int32], nowMs: Int64) {
        self.topic = topic
        self.index = index
        self.replicas = replicas
        self.leader = replicas.first ?? -1
        self.isr = replicas
        self.replicaStates = Dictionary(
            uniqueKeysWithValues: replicas.map { ($0, ReplicaState(brokerId: $0, lastCaughtUpMs: nowMs)) })
    }

    public var leaderState: ReplicaState? { replicaStates[leader] }
    /// The leader's log end offset (what a producer appends at).
    public var logEndOffset: Int64 { leaderState?.logEndOffset ?? replicaStates.values.map(\.logEndOffset).max() ?? 0 }
    /// The high watermark: the smallest log end offset among ISR members.
    public var highWatermark: Int64 {
        isr.compactMap { replicaStates[$0]?.logEndOffset }.min() ?? logEndOffset
    }
    public var sizeBytes: Int64 { leaderState?.sizeBytes ?? 0 }
    public var isOffline: Bool { leader == -1 }
    public var isUnderReplicated: Bool { isr.count < replicas.count }
}

/// A record batch as stored: its base offset (rewritten on append) and the raw v2 batch bytes.
public struct StoredRecordBatch: Sendable, Hashable {
    public var baseOffset: Int64
    public var recordCount: Int32
    public var bytes: ByteBuffer
    public var lastOffset: Int64 { baseOffset + Int64(recordCount) - 1 }
}

/// What the partition remembers of an idempotent producer to detect duplicates and gaps.
public struct ProducerSequenceState: Sendable, Hashable {
    public var epoch: Int16
    public var lastSequence: Int32
    public var lastBaseOffset: Int64
}
