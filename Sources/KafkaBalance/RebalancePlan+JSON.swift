extension RebalancePlan {
    /// The plan as JSON in the peers' output shape: `assignment` (a list of `{topic, partition, replicas}`
    /// in input order), plus `moves`, `metrics` and, when given, `execution`.
    ///
    /// - Parameters:
    ///   - cluster: the input the plan was made from (names of topics).
    ///   - planningSeconds: measured by the caller (the planner itself reads no clock); `runtime_s`.
    ///   - timings: further named durations in seconds (e.g. `parse_s`), written next to `runtime_s`.
    public func json(cluster: ClusterDescription, execution: ExecutionPlan? = nil, planningSeconds: Double? = nil,
                     timings: [(name: String, seconds: Double)] = []) -> [UInt8] {
        var w = JSONWriter(reserving: partitionCount * 64 + moves.count * 96 + 4096)
        w.raw("{")
        w.key("tool"); w.string("capstan rebalance plan"); w.comma()
        w.key("mode"); w.string(mode.rawValue); w.comma()
        w.key("assignment"); w.raw("[")
        for p in 0..<partitionCount {
            if p > 0 { w.comma() }
            w.raw("{"); w.key("topic"); w.string(cluster.partitions[p].topic); w.comma()
            w.key("partition"); w.int(cluster.partitions[p].partition); w.comma()
            w.key("replicas"); w.ints(replicas(ofPartition: p)); w.raw("}")
        }
        w.raw("]"); w.comma()
        w.key("moves"); w.raw("[")
        for (i, m) in moves.enumerated() {
            if i > 0 { w.comma() }
            w.raw("{"); w.key("topic"); w.string(m.topic); w.comma()
            w.key("partition"); w.int(m.partition); w.comma()
            w.key("before"); w.ints(m.before); w.comma()
            w.key("after"); w.ints(m.after); w.comma()
            w.key("bytes_to_copy"); w.int(m.bytesToCopy); w.raw("}")
        }
        w.raw("]"); w.comma()
        w.key("metrics"); w.raw("{")
        if let planningSeconds { w.key("runtime_s"); w.double(planningSeconds); w.comma() }
        for timing in timings {
            w.string(timing.name); w.raw(":"); w.double(timing.seconds); w.comma()
        }
        w.key("before"); Self.write(before, to: &w); w.comma()
        w.key("after"); Self.write(after, to: &w); w.comma()
        w.key("movement"); w.raw("{")
        w.key("replica_moves"); w.int(movement.replicasMoved); w.comma()
        w.key("moved_bytes"); w.int(movement.bytesMoved); w.comma()
        w.key("partitions_changed"); w.int(movement.partitionsChanged); w.comma()
        w.key("leader_only_changes"); w.int(movement.leaderOnlyChanges); w.comma()
        w.key("replicas_added"); w.int(movement.replicasAdded); w.comma()
        w.key("lower_bound_replica_moves"); w.int(movement.lowerBoundReplicas); w.comma()
        w.key("total_replicas"); w.int(movement.totalReplicas)
        w.raw("}}")
        if let execution {
            w.comma()
            w.key("execution"); w.raw("{")
            w.key("throttle_bytes_per_second"); w.int(execution.throttleBytesPerSecond); w.comma()
            w.key("estimated_seconds"); w.double(execution.estimatedSeconds); w.comma()
            w.key("batches"); w.raw("[")
            for (i, batch) in execution.batches.enumerated() {
                if i > 0 { w.comma() }
                w.raw("[")
                for (j, step) in batch.enumerated() {
                    if j > 0 { w.comma() }
                    let move = moves[step.moveIndex]
                    w.raw("{"); w.key("topic"); w.string(move.topic); w.comma()
                    w.key("partition"); w.int(move.partition); w.comma()
                    w.key("replicas"); w.ints(step.to); w.comma()
                    w.key("bytes_to_copy"); w.int(step.bytesToCopy); w.raw("}")
                }
                w.raw("]")
            }
            w.raw("]}")
        }
        w.raw("}\n")
        return w.bytes
    }

    static func write(_ s: BalanceStatistics, to w: inout JSONWriter) {
        func spread(_ x: Spread, _ w: inout JSONWriter) {
            w.raw("{"); w.key("min"); w.int(x.min); w.comma(); w.key("max"); w.int(x.max); w.comma()
            w.key("cv"); w.double((x.coefficientOfVariation * 10000).rounded() / 10000); w.raw("}")
        }
        w.raw("{")
        w.key("replicas_per_broker"); spread(s.replicasPerBroker, &w); w.comma()
        w.key("leaders_per_broker"); spread(s.leadersPerBroker, &w); w.comma()
        w.key("bytes_per_broker"); spread(s.bytesPerBroker, &w); w.comma()
        w.key("partitions_with_rack_collision"); w.int(s.rackViolations); w.comma()
        w.key("replicas_on_forbidden_brokers"); w.int(s.replicasOnForbiddenBrokers)
        if let t = s.topicSpreadExcess { w.comma(); w.key("topic_spread_excess"); w.int(t) }
        w.raw("}")
    }
}
