import Foundation
import Testing
@testable import KafkaBalance

/// The peers' JSON format in, the peers' output shape (plus moves and metrics) out.
@Suite("JSON input and output")
struct JSONFormatTests {
    @Test func readsThePeersFormatAndExtensions() throws {
        let json = #"""
        {"brokers": [{"id": 1, "rack": "r0"}, {"id": 2, "rack": null, "capacity": 5e9, "state": "cordoned"},
                     {"id": 3, "rack": "r\u0031", "removing": true, "extra": {"ignored": [1, 2]}}],
         "partitions": [{"topic": "t\"q", "partition": 0, "replicas": [1, 2], "size": 123456789012, "produce_rate": 1.5e3},
                        {"topic": "t2", "partition": 1, "replicas": [3]}],
         "unknown": null}
        """#
        let cluster = try ClusterDescription(json: Array(json.utf8))
        #expect(cluster.brokers.map(\.id) == [1, 2, 3])
        #expect(cluster.brokers[1].rack == nil && cluster.brokers[1].capacityBytes == 5_000_000_000)
        #expect(cluster.brokers[1].state == .cordoned && cluster.brokers[2].state == .removing)
        #expect(cluster.brokers[2].rack == "r1")
        #expect(cluster.partitions[0].topic == "t\"q")
        #expect(cluster.partitions[0].sizeBytes == 123_456_789_012)
        #expect(cluster.partitions[0].produceBytesPerSecond == 1500)
        #expect(cluster.partitions[1].sizeBytes == 1)  // the peers' default
    }

    @Test func outputHasAssignmentMovesAndMetricsAndReadsBack() throws {
        let cluster = ClusterGenerator.make(ClusterShape(brokers: 6, racks: 3, topics: 2, partitionsPerTopic: 12,
                                                         replicationFactor: 3, emptyBrokers: 2), seed: 3)
        let plan = try RebalancePlanner.plan(cluster, goals: BalanceGoals(mode: .addBrokers))
        let execution = try ExecutionPlanner.plan(plan)
        let text = String(decoding: plan.json(cluster: cluster, execution: execution, planningSeconds: 0.5), as: UTF8.self)
        for key in [#""assignment":["#, #""moves":["#, #""metrics":{"#, #""runtime_s":0.5"#, #""lower_bound_replica_moves":"#,
                    #""execution":{"#, #""replicas_per_broker":{"min":"#] {
            #expect(text.contains(key), "missing \(key)")
        }
        // The assignment section is itself a cluster description's partition list: read it back.
        let brokersJSON = cluster.brokers.map { #"{"id":\#($0.id),"rack":"\#($0.rack ?? "")"}"# }.joined(separator: ",")
        guard let start = text.range(of: #""assignment":"#), let end = text.range(of: #","moves":"#) else {
            Issue.record("no assignment section"); return
        }
        let reread = try ClusterDescription(json: Array(#"{"brokers":[\#(brokersJSON)],"partitions":\#(text[start.upperBound..<end.lowerBound])}"#.utf8))
        for (i, p) in reread.partitions.enumerated() {
            #expect(p.topic == cluster.partitions[i].topic && p.partition == cluster.partitions[i].partition)
            #expect(p.replicas == Array(plan.replicas(ofPartition: i)))
        }
    }
}
