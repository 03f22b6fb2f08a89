/// KafkaBalance: the rebalance planner — pure, deterministic and fast. See DESIGN.md section 2.
public enum KafkaBalance {}
