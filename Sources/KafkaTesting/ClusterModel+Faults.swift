extension ClusterModel {
    func requireBroker(_ id: Int32) throws(SimulatedKafkaError) -> BrokerModel {
        guard let broker = brokers[id] else {
            throw SimulatedKafkaError(.brokerIdNotRegistered, "Broker \(id) is not part of the simulated cluster (brokers: \(brokerIds))")
        }
        return broker
    }

    /// Unclean stop (SIGKILL, node loss): the process is gone at once; the controller notices only when the
    /// session times out, and the next start recovers the log in proportion to its data.
    public mutating func killBroker(_ id: Int32) throws(SimulatedKafkaError) {
        _ = try requireBroker(id)
        brokers[id]!.state = .stopped(clean: false)
        observeAvailability()
    }

    /// Process alive but stuck: no heartbeats, no replication, connections answer nothing.
    public mutating func hangBroker(_ id: Int32) throws(SimulatedKafkaError) {
        _ = try requireBroker(id)
        brokers[id]!.state = .hung
        observeAvailability()
    }

    /// Controlled shutdown: the controller first moves leadership to another live ISR member and takes the
    /// broker out of every ISR, then the broker stops; no partition loses its leader while others can lead.
    public mutating func shutDownBroker(_ id: Int32) throws(SimulatedKafkaError) {
        _ = try requireBroker(id)
        brokers[id]!.fenced = true
        maintainIsrAndLeaders()
        brokers[id]!.state = .stopped(clean: true)
        observeAvailability()
    }

    /// Starts a stopped or hung broker. It recovers its log dir first: after an unclean stop every byte it
    /// holds is scanned at `logRecoveryBytesPerSecond` (ten times slower when the log dir was corrupted);
    /// after a clean stop only `cleanStartupMs`. Then it registers, is unfenced and catches up.
    public mutating func startBroker(_ id: Int32) throws(SimulatedKafkaError) {
        let broker = try requireBroker(id)
        let recoveryMs: Int64
        switch broker.state {
        case .running, .recovering:
            throw SimulatedKafkaError(.invalidRequest, "Broker \(id) is already started; stop, kill or hang it first")
        case .stopped(clean: true) where !broker.logDirCorrupted:
            recoveryMs = configuration.cleanStartupMs
        case .stopped, .hung:
            let rate = max(1, configuration.logRecoveryBytesPerSecond / (broker.logDirCorrupted ? 10 : 1))
            recoveryMs = configuration.cleanStartupMs + bytesStored(onBroker: id) * 1000 / rate
        }
        brokers[id]!.state = .recovering(untilMs: nowMs + recoveryMs)
        brokers[id]!.registered = true
    }

    /// Fault: disk throughput divided by `factor` (1 restores it).
    public mutating func slowDisk(ofBroker id: Int32, factor: Int64) throws(SimulatedKafkaError) {
        _ = try requireBroker(id)
        guard factor >= 1 else {
            throw SimulatedKafkaError(.invalidRequest, "Disk slowdown factor must be >= 1 (1 = healthy), got \(factor)")
        }
        brokers[id]!.diskSlowdownFactor = factor
    }

    /// Fault: cut (or reconnect) a broker from the controller quorum; it is fenced after the session timeout.
    public mutating func partitionFromController(broker id: Int32, _ partitioned: Bool = true) throws(SimulatedKafkaError) {
        _ = try requireBroker(id)
        brokers[id]!.partitionedFromController = partitioned
    }

    /// Fault: corrupt the log dir; the next start runs a full recovery ten times slower.
    public mutating func corruptLogDir(ofBroker id: Int32) throws(SimulatedKafkaError) {
        _ = try requireBroker(id)
        brokers[id]!.logDirCorrupted = true
    }

    /// Stops (or restarts) a controller voter; a cluster without a voter majority cannot change metadata.
    public mutating func setControllerRunning(_ id: Int32, _ running: Bool) throws(SimulatedKafkaError) {
        guard let index = quorum.voters.firstIndex(where: { $0.id == id }) else {
            throw SimulatedKafkaError(.invalidRequest, "Controller \(id) is not a voter (voters: \(quorum.voters.map(\.id)))")
        }
        quorum.voters[index].running = running
        quorum.maintainLeadership()
    }

    /// Bytes of log the broker holds over all its replicas.
    public func bytesStored(onBroker id: Int32) -> Int64 {
        var total: Int64 = 0
        for topic in topics.values {
            for partition in topic.partitions { total += partition.replicaStates[id]?.sizeBytes ?? 0 }
        }
        return total
    }

    /// UnregisterBroker, as KRaft's ReplicationControlManager does it: any registered broker is removed (it
    /// leaves every ISR and leadership, like a fenced one); only an unknown or already unregistered id is
    /// BROKER_ID_NOT_REGISTERED. A broker that is still running re-registers with its next heartbeat, which is
    /// why operators unregister only brokers they have stopped for good.
    public mutating func unregisterBroker(_ id: Int32) throws(SimulatedKafkaError) {
        let broker = try requireBroker(id)
        guard broker.registered else {
            throw SimulatedKafkaError(.brokerIdNotRegistered, "Broker ID \(id) is not currently registered")
        }
        try commitMetadataChange("UnregisterBroker \(id)")
        brokers[id]!.registered = false
        brokers[id]!.fenced = true
    }
}
