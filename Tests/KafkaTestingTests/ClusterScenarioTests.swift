import KafkaProtocol
import Testing

@testable import KafkaTesting

/// The issue's scenarios on the model: 6 brokers over 3 racks, RF 3, min.insync.replicas 2.
@Suite struct ClusterScenarioTests {
    static func sixBrokerCluster() throws -> ClusterModel {
        var configuration = SimulatedClusterConfiguration()
        configuration.brokers = SimulatedClusterConfiguration.brokers(6, racks: 3)
        configuration.replicationThroughputBytesPerSecond = 10 * 1024 * 1024
        var model = ClusterModel(configuration: configuration)
        try model.createTopic("orders", partitions: 12, replicationFactor: 3, configs: ["min.insync.replicas": "2"])
        try model.setTraffic(TrafficModel(bytesPerSecondPerPartition: 100 * 1024), topic: "orders")
        model.advance(byMs: 10_000)
        return model
    }

    @Test func replicasAreSpreadOverRacks() throws {
        let model = try Self.sixBrokerCluster()
        for partition in model.allPartitions {
            let racks = Set(partition.replicas.compactMap { model.brokers[$0]?.rack })
            #expect(racks.count == 3, "partition \(partition.index) has replicas \(partition.replicas) on racks \(racks)")
        }
        #expect(model.underReplicatedPartitions.isEmpty)
        #expect(model.allPartitions.allSatisfy { $0.sizeBytes >= 900 * 1024 })
    }

    @Test func killingABrokerCausesUnderReplicationButNoOfflinePartition() throws {
        var model = try Self.sixBrokerCluster()
        let victim: Int32 = 2
        let led = model.allPartitions.filter { $0.leader == victim }
        #expect(!led.isEmpty)
        try model.killBroker(victim)
        // Before the session timeout the controller has not noticed yet.
        model.advance(byMs: 1_000)
        #expect(model.brokers[victim]?.fenced == false)
        model.advance(byMs: model.configuration.brokerSessionTimeoutMs)
        #expect(model.brokers[victim]?.fenced == true)
        let hosted = model.allPartitions.filter { $0.replicas.contains(victim) }
        #expect(model.underReplicatedPartitions.count == hosted.count)
        #expect(model.offlinePartitions.isEmpty)
        for before in led {
            let after = try #require(model.partition(before.topic, before.index))
            #expect(after.leader != victim && after.leader != -1)
            #expect(after.leaderEpoch > before.leaderEpoch)
        }
        #expect(model.allPartitions.allSatisfy { model.acceptsAcksAllWrites($0) })
    }

    @Test func restartedBrokerRecoversCatchesUpAndRejoinsEveryIsr() throws {
        var model = try Self.sixBrokerCluster()
        try model.killBroker(3)
        model.advance(byMs: 60_000)
        #expect(!model.underReplicatedPartitions.isEmpty)
        let stored = model.bytesStored(onBroker: 3)
        try model.startBroker(3)
        // Unclean stop: log recovery proportional to the data before it registers again.
        guard case .recovering(let until) = model.brokers[3]?.state else {
            Issue.record("broker 3 should be recovering")
            return
        }
        let expectedRecovery = model.configuration.cleanStartupMs + stored * 1000 / model.configuration.logRecoveryBytesPerSecond
        #expect(until - model.nowMs == expectedRecovery)
        model.advance(byMs: until - model.nowMs - 1)
        #expect(!model.underReplicatedPartitions.isEmpty)
        model.advance(byMs: 30_000)
        #expect(model.underReplicatedPartitions.isEmpty)
        #expect(model.allPartitions.filter { $0.replicas.contains(3) }.allSatisfy { $0.isr.contains(3) })
    }

    @Test func controlledShutdownMovesLeadershipBeforeStopping() throws {
        var model = try Self.sixBrokerCluster()
        try model.shutDownBroker(4)
        #expect(model.allPartitions.allSatisfy { $0.leader != 4 && $0.leader != -1 })
        #expect(model.allPartitions.allSatisfy { !$0.isr.contains(4) })
        try model.startBroker(4)
        guard case .recovering(let until) = model.brokers[4]?.state else {
            Issue.record("broker 4 should be recovering")
            return
        }
        #expect(until - model.nowMs == model.configuration.cleanStartupMs)
    }

    @Test func slowFollowerLeavesIsrAfterReplicaLagTimeMax() throws {
        var model = try Self.sixBrokerCluster()
        try model.setTraffic(TrafficModel(bytesPerSecondPerPartition: 1024 * 1024), topic: "orders")
        try model.slowDisk(ofBroker: 5, factor: 100)
        model.advance(byMs: model.configuration.replicaLagTimeMaxMs - 1_000)
        #expect(model.allPartitions.filter { $0.replicas.contains(5) }.allSatisfy { $0.isr.contains(5) })
        model.advance(byMs: 3_000)
        #expect(model.allPartitions.filter { $0.replicas.contains(5) && $0.leader != 5 }.allSatisfy { !$0.isr.contains(5) })
    }

    @Test func reassignmentProgressIsObservableAndCompletes() throws {
        var model = try Self.sixBrokerCluster()
        let before = try #require(model.partition("orders", 0))
        let newBroker = try #require(model.brokerIds.first { !before.replicas.contains($0) })
        let target = [newBroker] + before.replicas.dropFirst()
        try model.reassign(topic: "orders", partition: 0, to: target, throttleBytesPerSecond: 256 * 1024)
        let started = try #require(model.partition("orders", 0))
        #expect(started.addingReplicas == [newBroker])
        #expect(started.removingReplicas == [before.replicas[0]])
        model.advance(byMs: 2_000)
        let midway = try #require(model.partition("orders", 0))
        #expect(midway.reassignmentTarget == target)
        let copied = midway.replicaStates[newBroker]?.sizeBytes ?? 0
        #expect(copied > 0 && copied < midway.sizeBytes)
        model.advance(byMs: 600_000)
        let done = try #require(model.partition("orders", 0))
        #expect(done.reassignmentTarget == nil)
        #expect(done.replicas == target)
        #expect(Set(done.isr) == Set(target))
        #expect(done.replicaStates[before.replicas[0]] == nil)
        #expect(target.contains(done.leader))
    }

    @Test func losingTheControllerMajorityFailsMetadataWrites() throws {
        var model = try Self.sixBrokerCluster()
        try model.setControllerRunning(1000, false)
        try model.createTopic("still-ok", partitions: 1, replicationFactor: 3)
        try model.setControllerRunning(1001, false)
        #expect(model.quorum.leaderId == -1)
        #expect(throws: SimulatedKafkaError.self) { try model.createTopic("payments", partitions: 3, replicationFactor: 3) }
        do {
            try model.createTopic("payments", partitions: 3, replicationFactor: 3)
        } catch {
            #expect(error.code == .requestTimedOut)
        }
        #expect(model.topics["payments"] == nil)
        // Data keeps flowing: partitions keep their leaders.
        #expect(model.offlinePartitions.isEmpty)
        try model.setControllerRunning(1001, true)
        try model.createTopic("payments", partitions: 3, replicationFactor: 3)
        #expect(model.topics["payments"]?.partitions.count == 3)
    }

    @Test func stoppedControllerVoterLagsInDescribeQuorumTerms() throws {
        var model = try Self.sixBrokerCluster()
        try model.setControllerRunning(1002, false)
        let stoppedAt = model.nowMs
        try model.createTopic("more", partitions: 2, replicationFactor: 3)
        model.advance(byMs: 5_000)
        let voter = try #require(model.quorum.voters.first { $0.id == 1002 })
        #expect(voter.logEndOffset < model.quorum.highWatermark)
        #expect(voter.lastCaughtUpMs <= stoppedAt)
    }
}

/// Faults beyond kill and restart.
@Suite struct FaultInjectionTests {
    @Test func brokerCutFromTheControllerIsFencedAndLosesLeadershipWhileStillRunning() throws {
        var model = try ClusterScenarioTests.sixBrokerCluster()
        try model.partitionFromController(broker: 6)
        model.advance(byMs: model.configuration.brokerSessionTimeoutMs + 1_000)
        #expect(model.brokers[6]?.fenced == true)
        #expect(model.brokers[6]?.isRunning == true)
        #expect(model.allPartitions.allSatisfy { $0.leader != 6 && !$0.isr.contains(6) })
        #expect(model.offlinePartitions.isEmpty)
        try model.partitionFromController(broker: 6, false)
        model.advance(byMs: 10_000)
        #expect(model.brokers[6]?.fenced == false)
        #expect(model.underReplicatedPartitions.isEmpty)
    }

    @Test func corruptedLogDirRecoversTenTimesSlower() throws {
        var model = try ClusterScenarioTests.sixBrokerCluster()
        try model.killBroker(2)
        try model.killBroker(3)
        try model.corruptLogDir(ofBroker: 3)
        try model.startBroker(2)
        try model.startBroker(3)
        guard case .recovering(let normal) = model.brokers[2]?.state, case .recovering(let corrupted) = model.brokers[3]?.state else {
            Issue.record("both brokers should be recovering")
            return
        }
        let startup = model.configuration.cleanStartupMs
        let bytes3 = model.bytesStored(onBroker: 3)
        #expect(corrupted - model.nowMs - startup == bytes3 * 1000 / (model.configuration.logRecoveryBytesPerSecond / 10))
        #expect(normal - model.nowMs - startup == model.bytesStored(onBroker: 2) * 1000 / model.configuration.logRecoveryBytesPerSecond)
    }

    @Test func hungBrokerIsFencedAfterTheSessionTimeoutAndItsLeadersMove() throws {
        var model = try ClusterScenarioTests.sixBrokerCluster()
        let led = model.allPartitions.filter { $0.leader == 4 }
        try model.hangBroker(4)
        model.advance(byMs: model.configuration.brokerSessionTimeoutMs + 500)
        #expect(model.brokers[4]?.fenced == true)
        for p in led { #expect(model.partition(p.topic, p.index)?.leader != 4) }
        #expect(throws: SimulatedKafkaError.self) { try model.slowDisk(ofBroker: 4, factor: 0) }
        #expect(throws: SimulatedKafkaError.self) { try model.killBroker(42) }
    }
}
