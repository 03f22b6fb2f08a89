extension ClusterModel {
    /// Advances simulated time, applying traffic, replication, heartbeats, fencing, ISR changes, leader
    /// elections and reassignment progress in steps of `configuration.simulationStepMs`.
    public mutating func advance(byMs duration: Int64) {
        var remaining = max(0, duration)
        while remaining > 0 {
            let step = min(remaining, configuration.simulationStepMs)
            nowMs += step
            remaining -= step
            simulateStep(ms: step)
        }
        if duration == 0 { simulateStep(ms: 0) }
    }

    mutating func simulateStep(ms: Int64) {
        quorum.advance(to: nowMs)
        updateBrokerLiveness()
        applyTraffic(ms: ms)
        replicate(ms: ms)
        maintainIsrAndLeaders()
        progressReassignments()
    }

    /// Recovering brokers finish; running brokers heartbeat; silent brokers are fenced after the session timeout.
    mutating func updateBrokerLiveness() {
        for id in brokerIds {
            guard var broker = brokers[id] else { continue }
            if case .recovering(let until) = broker.state, nowMs >= until {
                broker.state = .running
                broker.logDirCorrupted = false
                broker.lastHeartbeatMs = nowMs
            }
            let heartbeats = broker.state == .running && !broker.partitionedFromController && quorum.leaderId != -1
            if heartbeats {
                broker.lastHeartbeatMs = nowMs
                // A live broker that can reach the controller is unfenced (the controller acks its heartbeat).
                broker.fenced = false
            } else if !broker.fenced, nowMs - broker.lastHeartbeatMs >= configuration.brokerSessionTimeoutMs {
                broker.fenced = true
            }
            brokers[id] = broker
        }
    }

    /// Synthetic traffic grows the leader's log while the partition accepts acks=all writes.
    mutating func applyTraffic(ms: Int64) {
        guard ms > 0 else { return }
        for name in topics.keys {
            let traffic = topics[name]!.traffic
            guard traffic.bytesPerSecondPerPartition > 0 else { continue }
            let bytes = traffic.bytesPerSecondPerPartition * ms / 1000
            let messages = max(1, bytes / traffic.messageSizeBytes)
            for index in topics[name]!.partitions.indices where acceptsAcksAllWrites(topics[name]!.partitions[index]) {
                let leader = topics[name]!.partitions[index].leader
                topics[name]!.partitions[index].replicaStates[leader]?.logEndOffset += messages
                topics[name]!.partitions[index].replicaStates[leader]?.sizeBytes += bytes
            }
        }
    }

    /// Followers on serving brokers fetch from serving leaders. A follower already caught up stays caught up;
    /// a lagging one copies at its broker's replication throughput (divided by a slow disk, capped by a
    /// reassignment throttle), shared equally by that broker's lagging replicas.
    mutating func replicate(ms: Int64) {
        var lagging: [Int32: [(topic: String, index: Int)]] = [:]
        for name in topics.keys {
            for index in topics[name]!.partitions.indices {
                let partition = topics[name]!.partitions[index]
                guard let leaderState = partition.leaderState, brokers[partition.leader]?.isServing == true else { continue }
                for replica in partition.replicas where replica != partition.leader {
                    guard let broker = brokers[replica], broker.isRunning, var state = partition.replicaStates[replica] else { continue }
                    if state.logEndOffset >= leaderState.logEndOffset, state.sizeBytes >= leaderState.sizeBytes {
                        state.logEndOffset = leaderState.logEndOffset
                        state.sizeBytes = leaderState.sizeBytes
                        state.lastCaughtUpMs = nowMs
                        topics[name]!.partitions[index].replicaStates[replica] = state
                    } else if broker.diskSlowdownFactor <= 1 && partition.isr.contains(replica) && ms > 0
                        && leaderState.sizeBytes - state.sizeBytes <= ms * configuration.replicationThroughputBytesPerSecond / 1000 / 10
                    {
                        // An in-sync follower on a healthy broker keeps pace with live traffic within a step.
                        state.logEndOffset = leaderState.logEndOffset
                        state.sizeBytes = leaderState.sizeBytes
                        state.lastCaughtUpMs = nowMs
                        topics[name]!.partitions[index].replicaStates[replica] = state
                    } else {
                        lagging[replica, default: []].append((name, index))
                    }
                }
            }
        }
        guard ms > 0 else { return }
        for (brokerId, replicas) in lagging {
            guard let broker = brokers[brokerId] else { continue }
            let budget = configuration.replicationThroughputBytesPerSecond * ms / 1000 / max(1, broker.diskSlowdownFactor)
            let share = max(1, budget / Int64(replicas.count))
            for (name, index) in replicas {
                let partition = topics[name]!.partitions[index]
                guard let leaderState = partition.leaderState, var state = partition.replicaStates[brokerId] else { continue }
                var allowance = share
                if let throttle = partition.reassignmentThrottleBytesPerSecond, partition.addingReplicas.contains(brokerId) {
                    allowance = min(allowance, max(1, throttle * ms / 1000))
                }
                state.sizeBytes = min(leaderState.sizeBytes, state.sizeBytes + allowance)
                let fraction = leaderState.sizeBytes > 0 ? Double(state.sizeBytes) / Double(leaderState.sizeBytes) : 1
                state.logEndOffset = max(state.logEndOffset, Int64(Double(leaderState.logEndOffset) * fraction))
                if state.sizeBytes >= leaderState.sizeBytes {
                    state.logEndOffset = leaderState.logEndOffset
                    state.lastCaughtUpMs = nowMs
                }
                topics[name]!.partitions[index].replicaStates[brokerId] = state
            }
        }
    }

    /// The controller's and leaders' view: fenced brokers leave every ISR and lose leadership; followers
    /// lagging longer than replica.lag.time.max.ms are shrunk out; caught-up followers rejoin; leaderless
    /// partitions elect a live ISR member (unclean election is off, so an empty live ISR stays offline).
    mutating func maintainIsrAndLeaders() {
        let canCommit = quorum.leaderId != -1
        let servingIds = Set(servingBrokerIds)
        let serving = { (id: Int32) in servingIds.contains(id) }
        for name in topics.keys {
            for index in topics[name]!.partitions.indices {
                var partition = topics[name]!.partitions[index]
                let before = (partition.leader, partition.isr)
                if canCommit {
                    // Fenced replicas leave the ISR, but the ISR never becomes empty (KRaft keeps the last member).
                    let liveIsr = partition.isr.filter(serving)
                    partition.isr = liveIsr.isEmpty ? Array(partition.isr.prefix(1)) : liveIsr
                    if partition.leader == -1 || !serving(partition.leader) {
                        partition.leader = partition.replicas.first { partition.isr.contains($0) && serving($0) } ?? -1
                    }
                    if partition.leader != -1 && serving(partition.leader), let leaderState = partition.replicaStates[partition.leader] {
                        partition.isr.removeAll { follower in
                            follower != partition.leader
                                && nowMs - (partition.replicaStates[follower]?.lastCaughtUpMs ?? 0) > configuration.replicaLagTimeMaxMs
                        }
                        for replica in partition.replicas where !partition.isr.contains(replica) && serving(replica) {
                            if let state = partition.replicaStates[replica], state.logEndOffset >= leaderState.logEndOffset,
                                state.sizeBytes >= leaderState.sizeBytes
                            {
                                partition.isr.append(replica)
                            }
                        }
                        partition.isr.sort { (partition.replicas.firstIndex(of: $0) ?? 0) < (partition.replicas.firstIndex(of: $1) ?? 0) }
                    }
                }
                if before.0 != partition.leader {
                    partition.leaderEpoch += 1
                }
                if before.0 != partition.leader || before.1 != partition.isr {
                    partition.partitionEpoch += 1
                    _ = quorum.commitMetadataRecord(nowMs: nowMs)
                }
                topics[name]!.partitions[index] = partition
            }
        }
    }
}
