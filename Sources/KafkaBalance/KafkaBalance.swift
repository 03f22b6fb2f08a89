/// KafkaBalance: the rebalance planner — pure, deterministic and fast. See DESIGN.md section 2.
///
/// Entry points: ``RebalancePlanner/plan(_:goals:)`` turns a ``ClusterDescription`` and ``BalanceGoals``
/// into a ``RebalancePlan``; ``ExecutionPlanner/plan(_:for:options:)`` splits a plan's moves into safe
/// batches with a throttle recommendation; ``ClusterDescription/init(json:)`` reads the peers' JSON format.
public enum KafkaBalance {}
