/// Splits a plan's moves into batches that respect concurrency and bytes-in-flight limits and never
/// replace so many replicas of a partition at once that fewer than `min.insync.replicas` already-in-sync
/// replicas remain.
public enum ExecutionPlanner {
    /// Smallest throttle recommended (10 MiB/s): below it reassignments of active partitions rarely finish.
    public static let minimumThrottle: Int64 = 10 << 20

    public static func plan(_ plan: RebalancePlan, options: ExecutionOptions = ExecutionOptions()) throws(BalanceError) -> ExecutionPlan {
        guard options.maxConcurrentMoves > 0, options.maxMovesPerBroker > 0, options.maxBytesInFlight > 0,
              options.minInSyncReplicas > 0, options.targetBatchSeconds > 0 else {
            throw BalanceError(.invalidGoal, "execution limits must be positive (concurrency, per-broker moves, bytes in flight, min.insync.replicas, batch seconds)")
        }
        // Split each move into steps; step k of every move goes in a later batch than step k-1.
        var waves: [[ExecutionStep]] = []
        var sizeOf: [Int64] = []
        var rateOf: [Double] = []
        for (index, move) in plan.moves.enumerated() {
            let steps = steps(of: move, index: index, minInSync: options.minInSyncReplicas)
            for (k, step) in steps.enumerated() {
                if waves.count <= k { waves.append([]) }
                waves[k].append(step)
            }
            let replicaBytes = move.after.isEmpty ? 0 : move.bytesToCopy / Int64(max(1, move.after.filter { !move.before.contains($0) }.count))
            sizeOf.append(replicaBytes)
            rateOf.append(move.produceBytesPerSecond ?? 0)
        }
        // Dense broker indices so per-batch counters are flat arrays, not dictionaries.
        var brokerIndex: [Int32: Int] = [:]
        for move in plan.moves {
            for b in move.before where brokerIndex[b] == nil { brokerIndex[b] = brokerIndex.count }
            for b in move.after where brokerIndex[b] == nil { brokerIndex[b] = brokerIndex.count }
        }
        let brokerCount = brokerIndex.count
        struct OpenBatch {
            var steps: [ExecutionStep] = []
            var bytes: Int64 = 0
            var perBroker: [Int32]
            var incoming: [Int64]
        }
        var batches: [[ExecutionStep]] = []
        var busiest: [Int64] = []
        var maxRate = 0.0
        for wave in waves {
            // First fit over the open batches of this wave (bounded look-back keeps it linear).
            var open: [OpenBatch] = []
            var firstOpen = 0
            for step in wave {
                let involved = brokersInvolved(step).map { brokerIndex[$0] ?? 0 }
                var placed = false
                var i = max(firstOpen, open.count - 64)
                while i < open.count {
                    let fits = open[i].steps.count < options.maxConcurrentMoves
                        && (open[i].bytes + step.bytesToCopy <= options.maxBytesInFlight || open[i].steps.isEmpty)
                        && involved.allSatisfy { open[i].perBroker[$0] < Int32(options.maxMovesPerBroker) }
                    if fits { placed = true; break }
                    i += 1
                }
                if !placed {
                    open.append(OpenBatch(perBroker: [Int32](repeating: 0, count: brokerCount),
                                          incoming: [Int64](repeating: 0, count: brokerCount)))
                    i = open.count - 1
                }
                open[i].steps.append(step)
                open[i].bytes += step.bytesToCopy
                for b in involved { open[i].perBroker[b] += 1 }
                let per = sizeOf[step.moveIndex]
                for b in step.to where !step.from.contains(b) { open[i].incoming[brokerIndex[b] ?? 0] += per }
                maxRate = max(maxRate, rateOf[step.moveIndex])
                while firstOpen < open.count && open[firstOpen].steps.count >= options.maxConcurrentMoves {
                    // Full: hand it over and free its counters.
                    batches.append(open[firstOpen].steps)
                    busiest.append(open[firstOpen].incoming.max() ?? 0)
                    open[firstOpen] = OpenBatch(perBroker: [], incoming: [])
                    firstOpen += 1
                }
            }
            for b in open[firstOpen...] {
                batches.append(b.steps)
                busiest.append(b.incoming.max() ?? 0)
            }
        }
        let largest = busiest.max() ?? 0
        let byTime = Int64((Double(largest) / options.targetBatchSeconds).rounded(.up))
        // A follower must copy faster than producers append, or it never catches up.
        let byRate = Int64((2 * maxRate * Double(options.maxMovesPerBroker)).rounded(.up))
        let throttle = max(minimumThrottle, byTime, byRate)
        let seconds = busiest.reduce(0.0) { $0 + Double($1) / Double(throttle) }
        return ExecutionPlan(batches: batches, throttleBytesPerSecond: throttle, estimatedSeconds: seconds,
                             options: options)
    }

    /// Steps that each add at most `rf - minInSync` new replicas (at least one), so every step keeps
    /// `minInSync` replicas that were in sync before it started. Order-only changes are one step.
    static func steps(of move: PartitionMove, index: Int, minInSync: Int) -> [ExecutionStep] {
        let incoming = move.after.filter { !move.before.contains($0) }
        let outgoing = move.before.filter { !move.after.contains($0) }
        let perStep = max(1, move.before.count - minInSync)
        let perReplica = incoming.isEmpty ? 0 : move.bytesToCopy / Int64(incoming.count)
        if incoming.count <= perStep || incoming.count != outgoing.count {
            return [ExecutionStep(moveIndex: index, from: move.before, to: move.after, bytesToCopy: move.bytesToCopy)]
        }
        var result: [ExecutionStep] = []
        var current = move.before
        var k = 0
        while k < incoming.count {
            let n = min(perStep, incoming.count - k)
            var next = current
            for j in 0..<n {
                // Replace an outgoing broker in place, so the order stays close to the final order.
                if let at = next.firstIndex(of: outgoing[k + j]) { next[at] = incoming[k + j] }
            }
            if k + n == incoming.count { next = move.after }
            result.append(ExecutionStep(moveIndex: index, from: current, to: next, bytesToCopy: perReplica * Int64(n)))
            current = next
            k += n
        }
        return result
    }

    /// The current leader (serves the copy) and every broker receiving a replica.
    static func brokersInvolved(_ step: ExecutionStep) -> [Int32] {
        var result: [Int32] = []
        if let leader = step.from.first { result.append(leader) }
        for b in step.to where !step.from.contains(b) && !result.contains(b) { result.append(b) }
        return result
    }
}
