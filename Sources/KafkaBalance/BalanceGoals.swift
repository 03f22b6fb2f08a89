/// What the planner is allowed to change.
public enum BalanceMode: String, Sendable, Hashable, CaseIterable {
    /// Rebalance everything: replica counts, bytes, leaders and topic spread across all brokers.
    case full
    /// Move replicas only onto the given (new) brokers; no other broker receives a replica.
    case addBrokers = "add-brokers"
    /// Drain the given brokers; the remaining brokers only receive.
    case removeBrokers = "remove-brokers"
    /// Repair rack violations, under-sized replica sets and replicas on cordoned/removed brokers only.
    case fix
}

/// The planner's goals. Hard constraints (replication factor, distinct brokers, rack spread, no replica on
/// a cordoned or removed broker, capacity) are always enforced; these settings tune the soft goals.
public struct BalanceGoals: Sendable, Hashable {
    public var mode: BalanceMode
    /// For `add-brokers`: the new brokers (default: brokers holding no replica).
    /// For `remove-brokers`: the brokers to drain. Ignored otherwise.
    public var brokers: [Int32]
    /// `full` mode swaps replicas between brokers until every broker's bytes are within this fraction of
    /// the mean (or no swap improves it). 0.05 = ±5 %.
    public var bytesTolerance: Double
    /// Reorder replicas (metadata only, no data copied) so preferred leaders are balanced.
    public var balanceLeaders: Bool

    public init(mode: BalanceMode = .full, brokers: [Int32] = [], bytesTolerance: Double = 0.05,
                balanceLeaders: Bool = true) {
        self.mode = mode
        self.brokers = brokers
        self.bytesTolerance = bytesTolerance
        self.balanceLeaders = balanceLeaders
    }
}
