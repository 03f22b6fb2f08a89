/// min / max / coefficient of variation (population standard deviation over mean) of a per-broker figure,
/// as `plan_common.py` of the peers computes them.
public struct Spread: Sendable, Hashable {
    public var min: Int64
    public var max: Int64
    public var coefficientOfVariation: Double

    init(_ values: [Int64]) {
        guard !values.isEmpty else { self.min = 0; self.max = 0; self.coefficientOfVariation = 0; return }
        self.min = values.min() ?? 0
        self.max = values.max() ?? 0
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(values.count)
        let variance = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(values.count)
        self.coefficientOfVariation = mean == 0 ? 0 : variance.squareRoot() / mean
    }
}

/// Balance of an assignment over the brokers that may hold replicas after the plan.
public struct BalanceStatistics: Sendable, Hashable {
    public var replicasPerBroker: Spread
    public var leadersPerBroker: Spread
    public var bytesPerBroker: Spread
    /// Partitions whose replicas use fewer racks than they could.
    public var rackViolations: Int
    /// Replicas above their topic's even share (ceiling) on a broker, summed; `nil` when not computed
    /// (more than 64 M topic × broker cells).
    public var topicSpreadExcess: Int?
    /// Replicas on brokers that may not hold any (cordoned or being removed).
    public var replicasOnForbiddenBrokers: Int
}

/// How much data the plan moves, and the least any plan reaching the same targets could move.
public struct MovementMetrics: Sendable, Hashable {
    /// Replicas placed on a broker that did not hold the partition before (each is a full copy).
    public var replicasMoved: Int
    public var bytesMoved: Int64
    /// Partitions whose replica list changes (including order-only changes).
    public var partitionsChanged: Int
    /// Partitions whose replica set is unchanged but whose order (preferred leader) changes.
    public var leaderOnlyChanges: Int
    /// Replicas added to under-sized replica sets (`fix` mode); included in `replicasMoved`.
    public var replicasAdded: Int
    /// Least number of replica moves that reaches the planned replica-count targets and repairs rack spread:
    /// the sum over brokers of replicas above target (e.g. k/(N+k) of all replicas when adding k empty
    /// brokers to N balanced ones; every replica on the drained brokers when removing).
    public var lowerBoundReplicas: Int
    public var totalReplicas: Int
}

/// One partition whose replica list changes.
public struct PartitionMove: Sendable, Hashable {
    /// Position of the partition in the input's partition list.
    public var partitionIndex: Int
    public var topic: String
    public var partition: Int32
    /// Broker ids before and after, preferred leader first.
    public var before: [Int32]
    public var after: [Int32]
    /// Bytes copied: the partition's size times the replicas placed on new brokers.
    public var bytesToCopy: Int64
    /// Produce rate of the partition when known (for throttling).
    public var produceBytesPerSecond: Double?
}

/// The planner's output.
public struct RebalancePlan: Sendable, Hashable {
    public var mode: BalanceMode
    /// New replica lists, in the input's partition order.
    public var assignment: [[Int32]] { (0..<partitionCount).map { Array(replicas(ofPartition: $0)) } }
    public var moves: [PartitionMove]
    public var before: BalanceStatistics
    public var after: BalanceStatistics
    public var movement: MovementMetrics
    /// Replica-count target per broker id, in the input's broker order.
    public var targets: [Int32]

    let offsets: [Int32]
    let brokers: [Int32]

    public var partitionCount: Int { offsets.count - 1 }

    /// The planned replicas (broker ids, preferred leader first) of the partition at `index` in the input.
    public func replicas(ofPartition index: Int) -> ArraySlice<Int32> {
        brokers[Int(offsets[index])..<Int(offsets[index + 1])]
    }
}
