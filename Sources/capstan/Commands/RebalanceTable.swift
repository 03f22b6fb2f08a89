import KafkaBalance

/// Human-readable rendering of a plan for `capstan rebalance plan -o table`.
enum RebalanceTable {
    static let movesShown = 20

    static func render(plan: RebalancePlan, execution: ExecutionPlan, seconds: Double) -> String {
        var out = ""
        let m = plan.movement
        out += "Rebalance plan (\(plan.mode.rawValue)): \(m.partitionsChanged) partitions change, "
        out += "\(m.replicasMoved) replica moves (lower bound \(m.lowerBoundReplicas)), \(gib(m.bytesMoved)) to copy, "
        out += "\(m.leaderOnlyChanges) leader-only changes; planned in \(String(format: "%.3f", seconds)) s\n\n"
        out += pad("", 26) + pad("before", 34) + "after\n"
        func row(_ name: String, _ b: Spread, _ a: Spread, bytes: Bool = false) {
            let f = { (s: Spread) -> String in
                bytes ? "\(gib(s.min))..\(gib(s.max)) cv \(cv(s))" : "\(s.min)..\(s.max) cv \(cv(s))"
            }
            out += pad(name, 26) + pad(f(b), 34) + f(a) + "\n"
        }
        row("replicas per broker", plan.before.replicasPerBroker, plan.after.replicasPerBroker)
        row("leaders per broker", plan.before.leadersPerBroker, plan.after.leadersPerBroker)
        row("bytes per broker", plan.before.bytesPerBroker, plan.after.bytesPerBroker, bytes: true)
        out += pad("rack-spread violations", 26) + pad("\(plan.before.rackViolations)", 34) + "\(plan.after.rackViolations)\n"
        if let b = plan.before.topicSpreadExcess, let a = plan.after.topicSpreadExcess {
            out += pad("topic spread excess", 26) + pad("\(b)", 34) + "\(a)\n"
        }
        out += pad("replicas on drained", 26) + pad("\(plan.before.replicasOnForbiddenBrokers)", 34)
            + "\(plan.after.replicasOnForbiddenBrokers)\n\n"
        out += "Execution: \(execution.batches.count) batches; throttle \(execution.throttleBytesPerSecond / (1 << 20)) MiB/s per broker; "
        out += "about \(Int(execution.estimatedSeconds / 60)) min of copying\n\n"
        if !plan.moves.isEmpty {
            out += pad("partition", 28) + pad("before", 20) + pad("after", 20) + "copy\n"
            for move in plan.moves.prefix(movesShown) {
                out += pad("\(move.topic)-\(move.partition)", 28) + pad("\(move.before)", 20) + pad("\(move.after)", 20)
                    + gib(move.bytesToCopy) + "\n"
            }
            if plan.moves.count > movesShown { out += "... and \(plan.moves.count - movesShown) more (-o json for all)\n" }
        }
        return out
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
    }

    static func gib(_ bytes: Int64) -> String {
        let g = Double(bytes) / Double(1 << 30)
        return g >= 100 ? "\(Int(g.rounded())) GiB" : "\((g * 10).rounded() / 10) GiB"
    }

    static func cv(_ s: Spread) -> String { "\((s.coefficientOfVariation * 1000).rounded() / 1000)" }
}
