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
        expireGroupMembers()
        observeAvailability()
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
                // A running broker whose registration was removed registers again (BrokerLifecycleManager).
                broker.registered = true
                broker.lastHeartbeatMs = nowMs
                broker.metadataOffset = quorum.highWatermark
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

    /// Followers on running brokers fetch from running leaders. Each broker copies at most
    /// `replicationThroughputBytesPerSecond` (divided by a slow disk factor) per second, shared by the
    /// replicas it is behind on by water-filling: small lags (in-sync followers keeping up with traffic) are
    /// served in full first, the rest is split equally. A reassignment throttle caps the adding replicas.
    mutating func replicate(ms: Int64) {
        var lagging: [Int32: [(topic: String, index: Int, need: Int64)]] = [:]
        for name in topics.keys {
            for index in topics[name]!.partitions.indices {
                let partition = topics[name]!.partitions[index]
                guard let leaderState = partition.leaderState, brokers[partition.leader]?.isRunning == true else { continue }
                for replica in partition.replicas where replica != partition.leader {
                    guard brokers[replica]?.isRunning == true, var state = partition.replicaStates[replica] else { continue }
                    if state.logEndOffset >= leaderState.logEndOffset, state.sizeBytes >= leaderState.sizeBytes {
                        state.logEndOffset = leaderState.logEndOffset
                        state.sizeBytes = leaderState.sizeBytes
                        state.lastCaughtUpMs = nowMs
                        topics[name]!.partitions[index].replicaStates[replica] = state
                        continue
                    }
                    var need = max(1, leaderState.sizeBytes - state.sizeBytes)
                    if let throttle = partition.reassignmentThrottleBytesPerSecond, partition.addingReplicas.contains(replica) {
                        need = min(need, max(1, throttle * ms / 1000))
                    }
                    lagging[replica, default: []].append((name, index, need))
                }
            }
        }
        guard ms > 0 else { return }
        for (brokerId, replicas) in lagging {
            guard let broker = brokers[brokerId] else { continue }
            var remaining = configuration.replicationThroughputBytesPerSecond * ms / 1000 / max(1, broker.diskSlowdownFactor)
            let ordered = replicas.sorted { $0.need < $1.need }
            for (position, item) in ordered.enumerated() {
                let share = remaining / Int64(ordered.count - position)
                let given = min(item.need, share)
                remaining -= given
                let partition = topics[item.topic]!.partitions[item.index]
                guard let leaderState = partition.leaderState, var state = partition.replicaStates[brokerId] else { continue }
                state.sizeBytes = min(leaderState.sizeBytes, state.sizeBytes + given)
                if state.sizeBytes >= leaderState.sizeBytes {
                    state.logEndOffset = leaderState.logEndOffset
                    state.lastCaughtUpMs = nowMs
                } else {
                    let fraction = leaderState.sizeBytes > 0 ? Double(state.sizeBytes) / Double(leaderState.sizeBytes) : 1
                    state.logEndOffset = max(state.logEndOffset, min(leaderState.logEndOffset - 1, Int64(Double(leaderState.logEndOffset) * fraction)))
                }
                topics[item.topic]!.partitions[item.index].replicaStates[brokerId] = state
            }
        }
    }

    /// The controller's and leaders' view: fenced brokers leave every ISR and lose leadership; followers
    /// lagging longer than replica.lag.time.max.ms are shrunk out; caught-up followers rejoin; leaderless
    /// partitions elect a live ISR member (unclean election is off, so an empty live ISR stays offline).
    mutating func maintainIsrAndLeaders() {
        let canCommit = quorum.leaderId != -1
        // The controller only knows what heartbeats tell it: a broker that died stays eligible until it is
        // fenced at the session timeout. Shrinking and expanding the ISR is the leader's job, so it needs a
        // leader process that is actually running.
        let unfencedIds = Set(brokerIds.filter { brokers[$0]?.registered == true && brokers[$0]?.fenced == false })
        let serving = { (id: Int32) in unfencedIds.contains(id) }
        let runningIds = Set(brokerIds.filter { brokers[$0]?.isRunning == true })
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
                    if partition.leader != -1 && serving(partition.leader) && runningIds.contains(partition.leader), let leaderState = partition.replicaStates[partition.leader] {
                        partition.isr.removeAll { follower in
                            follower != partition.leader
                                && nowMs - (partition.replicaStates[follower]?.lastCaughtUpMs ?? 0) > configuration.replicaLagTimeMaxMs
                        }
                        for replica in partition.replicas where !partition.isr.contains(replica) && serving(replica) && runningIds.contains(replica) {
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
