import Testing

@testable import KafkaTesting

/// The acks=all probe tells a rolling restart done right from one done wrong.
@Suite struct AvailabilityProbeTests {
    @Test func controlledShutdownAndRestartLeaveNoUnavailableInterval() throws {
        var model = try ClusterScenarioTests.sixBrokerCluster()
        for broker in model.brokerIds {
            try model.shutDownBroker(broker)
            try model.startBroker(broker)
            // Wait for it to be back in every ISR before the next one, as Capstan's restart gate does.
            var waited: Int64 = 0
            while model.allPartitions.contains(where: { $0.replicas.contains(broker) && !$0.isr.contains(broker) }) && waited < 600_000 {
                model.advance(byMs: 1_000)
                waited += 1_000
            }
            #expect(model.underReplicatedPartitions.isEmpty, "broker \(broker) did not rejoin every ISR")
        }
        #expect(model.availabilityProbe.affectedPartitions.isEmpty)
    }

    @Test func killingALeaderIsUnavailableUntilTheSessionTimeoutFencesIt() throws {
        var model = try ClusterScenarioTests.sixBrokerCluster()
        let victim: Int32 = 1
        let led = model.allPartitions.filter { $0.leader == victim }.map { TopicPartitionKey(topic: $0.topic, partition: $0.index) }
        try model.killBroker(victim)
        model.advance(byMs: 20_000)
        #expect(Set(model.availabilityProbe.affectedPartitions) == Set(led))
        for key in led {
            let intervals = model.availabilityProbe.intervals[key] ?? []
            #expect(intervals.count == 1)
            let unavailable = model.availabilityProbe.unavailableMs(key, nowMs: model.nowMs)
            #expect(unavailable >= model.configuration.brokerSessionTimeoutMs)
            #expect(unavailable <= model.configuration.brokerSessionTimeoutMs + model.configuration.simulationStepMs)
            #expect(intervals.first?.reason == "leader 1 is not serving")
        }
    }

    @Test func twoBrokersDownInDifferentRacksDropSomePartitionsBelowMinIsr() throws {
        var model = try ClusterScenarioTests.sixBrokerCluster()
        try model.shutDownBroker(1)
        try model.shutDownBroker(2)
        let both = model.allPartitions.filter { $0.replicas.contains(1) && $0.replicas.contains(2) }
        #expect(!both.isEmpty)
        model.advance(byMs: 1_000)
        for p in both {
            let intervals = model.availabilityProbe.intervals[TopicPartitionKey(topic: p.topic, partition: p.index)] ?? []
            #expect(intervals.first?.reason.contains("min.insync.replicas=2") == true)
            #expect(intervals.last?.endMs == nil)
        }
    }
}
