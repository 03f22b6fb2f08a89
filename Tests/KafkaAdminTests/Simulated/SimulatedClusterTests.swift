import KafkaAdmin
import KafkaProtocol
import KafkaTesting
import Testing

/// describeCluster, describeQuorum, electLeaders, unregisterBroker and describeLogDirs of the real admin
/// client against the simulated cluster.
@Suite("KafkaAdmin against the simulated cluster: cluster, quorum, log dirs")
struct SimulatedClusterTests {
    @Test func describeClusterListsLiveBrokersWithRacksAndPorts() async throws {
        try await SimulatedAdmin.with { cluster, client in
            var described = try await client.describeCluster()
            #expect(described.clusterId == "capstan-simulated-cluster")
            #expect(described.brokers.map(\.id) == [1, 2, 3, 4, 5, 6])
            #expect(described.brokers.map(\.rack) == ["rack-a", "rack-b", "rack-c", "rack-a", "rack-b", "rack-c"])
            #expect(described.brokers.allSatisfy { $0.port == cluster.model.brokers[$0.id]?.port })
            #expect(described.brokers.contains { $0.id == described.controllerId }, "KRaft names a live broker that forwards")

            try cluster.withModel { model throws(SimulatedKafkaError) in try model.killBroker(4) }
            cluster.advance(byMs: 10_000)  // past broker.session.timeout.ms: fenced
            described = try await client.describeCluster()
            #expect(described.brokers.map(\.id) == [1, 2, 3, 5, 6])
        }
    }

    @Test func describeQuorumReportsVotersObserversAndTheLagOfAStoppedVoter() async throws {
        try await SimulatedAdmin.with { cluster, client in
            cluster.advance(byMs: 1_000)
            var quorum = try await client.describeQuorum()
            #expect(quorum.voters.map(\.id) == [1000, 1001, 1002])
            #expect(quorum.observers.map(\.id) == [1, 2, 3, 4, 5, 6])
            #expect(quorum.leaderId == cluster.model.quorum.leaderId)
            #expect(quorum.voters.allSatisfy { $0.lag == 0 })
            let follower = try #require(quorum.voters.first { $0.id != quorum.leaderId }?.id)

            try cluster.withModel { model throws(SimulatedKafkaError) in try model.setControllerRunning(follower, false) }
            try await client.createTopics((0..<4).map { KafkaNewTopic(name: "t\($0)", partitions: 1) })
            cluster.advance(byMs: 5_000)
            quorum = try await client.describeQuorum()
            let stopped = try #require(quorum.voters.first { $0.id == follower })
            #expect(stopped.lag >= 4, "four topic creations were committed without it")
            #expect(quorum.highWatermark == cluster.model.quorum.highWatermark)
            let caughtUp = try #require(quorum.voters.first { $0.id == quorum.leaderId }?.lastCaughtUpTimestamp)
            #expect(try #require(stopped.lastCaughtUpTimestamp) <= caughtUp - 5_000)
        }
    }

    @Test func aBrokerCutFromTheControllerFallsBehindAsAnObserver() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try cluster.withModel { model throws(SimulatedKafkaError) in try model.partitionFromController(broker: 6) }
            cluster.advance(byMs: 1_000)
            try await client.createTopics([KafkaNewTopic(name: "a", partitions: 1, replicationFactor: 1)])
            let quorum = try await client.describeQuorum()
            #expect(quorum.observers.first { $0.id == 6 }?.lag ?? 0 >= 1)
            #expect(quorum.observers.first { $0.id == 1 }?.lag == 0)
        }
    }

    @Test func describeQuorumWithoutAMajorityIsATypedError() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.setControllerRunning(1000, false)
                try model.setControllerRunning(1001, false)
            }
            cluster.advance(byMs: 1_000)
            let error = await #expect(throws: KafkaAdminError.self) { try await client.describeQuorum() }
            #expect(error?.name == "NOT_LEADER_OR_FOLLOWER")
        }
    }

    @Test func preferredLeaderElectionMovesLeadershipBackAfterARestart() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "orders", partitions: 6, replicationFactor: 3)])
            let led = cluster.model.topics["orders"]!.partitions.filter { $0.replicas.first == 1 }.map(\.index)
            #expect(!led.isEmpty)
            try cluster.withModel { model throws(SimulatedKafkaError) in try model.shutDownBroker(1) }
            cluster.advance(byMs: 1_000)
            try cluster.withModel { model throws(SimulatedKafkaError) in try model.startBroker(1) }
            cluster.advance(byMs: 60_000)  // clean start, then catch-up: back in every ISR
            #expect(cluster.model.topics["orders"]!.partitions.allSatisfy { $0.isr.count == 3 })
            #expect(led.allSatisfy { cluster.model.partition("orders", $0)?.leader != 1 })

            let failures = try await client.electLeaders(.preferred, partitions: led.map { KafkaTopicPartition("orders", $0) })
            #expect(failures.isEmpty)
            #expect(led.allSatisfy { cluster.model.partition("orders", $0)?.leader == 1 })
            let described = try await client.describeTopics(["orders"])
            #expect(described.first?.partitions.allSatisfy { $0.leader == $0.replicas.first } == true)
            // A second election is not needed: no failure is reported.
            #expect(try await client.electLeaders(.preferred).isEmpty)
            let unknown = try await client.electLeaders(.preferred, partitions: [KafkaTopicPartition("orders", 99)])
            #expect(unknown[KafkaTopicPartition("orders", 99)]?.name == "UNKNOWN_TOPIC_OR_PARTITION")
        }
    }

    @Test func preferredElectionOfAStoppedReplicaReportsPreferredLeaderNotAvailable() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "p", replicaAssignment: [0: [2, 3, 4]])])
            try cluster.withModel { model throws(SimulatedKafkaError) in try model.shutDownBroker(2) }
            cluster.advance(byMs: 1_000)
            let failures = try await client.electLeaders(.preferred, partitions: [KafkaTopicPartition("p", 0)])
            #expect(failures[KafkaTopicPartition("p", 0)]?.name == "PREFERRED_LEADER_NOT_AVAILABLE")
        }
    }

    @Test func unregisterBrokerRemovesAStoppedBrokerAndNamesUnknownOnes() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try cluster.withModel { model throws(SimulatedKafkaError) in try model.shutDownBroker(6) }
            cluster.advance(byMs: 1_000)
            try await client.unregisterBroker(6)
            #expect(cluster.model.brokers[6]?.registered == false)
            let again = await #expect(throws: KafkaAdminError.self) { try await client.unregisterBroker(6) }
            #expect(again?.name == "BROKER_ID_NOT_REGISTERED")
            let unknown = await #expect(throws: KafkaAdminError.self) { try await client.unregisterBroker(42) }
            #expect(unknown?.name == "BROKER_ID_NOT_REGISTERED")
            #expect(unknown?.message.contains("42") == true)
            #expect(try await client.describeCluster().brokers.map(\.id) == [1, 2, 3, 4, 5])
        }
    }

    @Test func describeLogDirsReportsEachReplicaSizeAsTheModelHasIt() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "logs", partitions: 3, replicationFactor: 2)])
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.setTraffic(TrafficModel(bytesPerSecondPerPartition: 1_000_000), topic: "logs")
            }
            cluster.advance(byMs: 10_000)
            let dirs = try await client.describeLogDirs()
            #expect(dirs.map(\.brokerId) == [1, 2, 3, 4, 5, 6])
            let model = cluster.model
            for dir in dirs {
                #expect(dir.path == model.brokers[dir.brokerId]?.logDir)
                #expect(dir.totalBytes == model.configuration.logDirCapacityBytes)
                let hosted = model.topics["logs"]!.partitions.filter { $0.replicas.contains(dir.brokerId) }
                #expect(Set(dir.partitions.map(\.partition)) == Set(hosted.map { KafkaTopicPartition("logs", $0.index) }))
                for size in dir.partitions {
                    let replica = model.partition("logs", size.partition.partition)?.replicaStates[dir.brokerId]
                    #expect(size.sizeBytes == replica?.sizeBytes)
                    #expect(size.sizeBytes > 0)
                }
                #expect(dir.usableBytes == (dir.totalBytes ?? 0) - model.bytesStored(onBroker: dir.brokerId))
            }
            let one = try await client.describeLogDirs(brokers: [2])
            #expect(one.map(\.brokerId) == [2])
        }
    }

    @Test func alterReplicaLogDirsAcceptsTheBrokersDirectoryAndRefusesOthersByName() async throws {
        try await SimulatedAdmin.with { cluster, client in
            try await client.createTopics([KafkaNewTopic(name: "jbod", partitions: 2, replicationFactor: 2)])
            let model = cluster.model
            let partition = try #require(model.topics["jbod"]?.partitions.first)
            let host = try #require(partition.replicas.first)
            let stranger = try #require(model.brokers.keys.sorted().first { !partition.replicas.contains($0) })
            let logDir = try #require(model.brokers[host]?.logDir)
            let here = KafkaTopicPartition("jbod", partition.index)
            let accepted = KafkaReplicaLogDirMove(brokerId: host, partition: here, path: logDir)
            let noSuchDir = KafkaReplicaLogDirMove(brokerId: host, partition: KafkaTopicPartition("jbod", 1), path: "/mnt/disk9/kafka")
            let notHosted = KafkaReplicaLogDirMove(brokerId: stranger, partition: here, path: logDir)
            let noSuchTopic = KafkaReplicaLogDirMove(brokerId: host, partition: KafkaTopicPartition("absent", 0), path: logDir)

            let refused = try await client.alterReplicaLogDirs([accepted, noSuchDir, notHosted, noSuchTopic])
            #expect(refused[accepted] == nil)
            #expect(refused[noSuchDir]?.name == "LOG_DIR_NOT_FOUND")
            #expect(refused[noSuchDir]?.message.contains("/mnt/disk9/kafka") == true)
            #expect(refused[notHosted]?.name == "REPLICA_NOT_AVAILABLE")
            #expect(refused[noSuchTopic]?.name == "UNKNOWN_TOPIC_OR_PARTITION")
            #expect(refused.count == 3)
            // Nothing moved: the replica is still where describeLogDirs says it was.
            let dirs = try await client.describeLogDirs(brokers: [host])
            #expect(dirs.first?.partitions.contains { $0.partition == here && !$0.isFuture } == true)
        }
    }
}
