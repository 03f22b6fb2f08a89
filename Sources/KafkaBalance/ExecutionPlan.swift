/// Limits for executing a plan's moves.
public struct ExecutionOptions: Sendable, Hashable {
    /// Partition reassignments in flight at once, cluster-wide.
    public var maxConcurrentMoves: Int
    /// Reassignments in flight at once that involve one broker (as the leader that serves the copy or as
    /// a broker receiving a replica).
    public var maxMovesPerBroker: Int
    /// Bytes being copied at once, cluster-wide. A single larger move runs alone.
    public var maxBytesInFlight: Int64
    /// `min.insync.replicas` of the topics: each step keeps at least this many replicas that were already
    /// in sync (or all of them when the replication factor is smaller).
    public var minInSyncReplicas: Int
    /// Wall time one batch should take; drives the throttle recommendation.
    public var targetBatchSeconds: Double

    public init(maxConcurrentMoves: Int = 50, maxMovesPerBroker: Int = 5, maxBytesInFlight: Int64 = 100 << 30,
                minInSyncReplicas: Int = 2, targetBatchSeconds: Double = 600) {
        self.maxConcurrentMoves = maxConcurrentMoves
        self.maxMovesPerBroker = maxMovesPerBroker
        self.maxBytesInFlight = maxBytesInFlight
        self.minInSyncReplicas = minInSyncReplicas
        self.targetBatchSeconds = targetBatchSeconds
    }
}

/// One reassignment to submit: move a partition from `from` to `to` (a step of a ``PartitionMove``).
public struct ExecutionStep: Sendable, Hashable {
    /// Index into ``RebalancePlan/moves``.
    public var moveIndex: Int
    public var from: [Int32]
    public var to: [Int32]
    public var bytesToCopy: Int64
}

/// Moves split into batches that run one after the other, with a replication throttle recommendation.
public struct ExecutionPlan: Sendable, Hashable {
    public var batches: [[ExecutionStep]]
    /// `leader.replication.throttled.rate` / `follower.replication.throttled.rate` to set, bytes/s per broker.
    public var throttleBytesPerSecond: Int64
    /// Estimated copy time at that throttle (sum over batches of the busiest broker's bytes / throttle).
    public var estimatedSeconds: Double
    public var options: ExecutionOptions
}
