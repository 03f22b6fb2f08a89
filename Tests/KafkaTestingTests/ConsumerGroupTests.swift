import KafkaProtocol
import NIOCore
import Testing

@testable import KafkaTesting

/// The classic group protocol on the model: member ids, generations, rebalances, commits, lag, expiry.
@Suite struct ConsumerGroupTests {
    static func join(_ model: inout ClusterModel, _ coordinator: Int32, memberId: String = "") throws(SimulatedKafkaError) -> JoinOutcome {
        try model.joinGroup(
            "billing", onBroker: coordinator, memberId: memberId, groupInstanceId: nil, clientId: "app", protocolType: "consumer",
            protocols: [(name: "range", metadata: ByteBuffer(bytes: [1]))], sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 30_000,
            requireKnownMemberId: true)
    }

    @Test func twoMembersRebalanceCommitAndExpire() throws {
        var model = try RecordLogTests.cluster()
        let coordinator = try model.coordinator(forKey: "billing")
        let other = try #require(model.brokerIds.first { $0 != coordinator })
        #expect(throws: SimulatedKafkaError.self) { try Self.join(&model, other) }
        var firstId = ""
        do {
            _ = try Self.join(&model, coordinator)
        } catch {
            #expect(error.code == .memberIdRequired)
            firstId = error.message
        }
        let first = try Self.join(&model, coordinator, memberId: firstId)
        #expect(first.leaderId == firstId && first.members.count == 1)
        _ = try model.syncGroup("billing", onBroker: coordinator, memberId: firstId, generation: first.generation, assignments: [(firstId, ByteBuffer(bytes: [9]))])
        try model.heartbeat("billing", onBroker: coordinator, memberId: firstId, generation: first.generation)

        var secondId = ""
        do { _ = try Self.join(&model, coordinator) } catch { secondId = error.message }
        let second = try Self.join(&model, coordinator, memberId: secondId)
        #expect(second.generation == first.generation + 1)
        #expect(throws: SimulatedKafkaError(.rebalanceInProgress, "Group 'billing' is rebalancing to generation \(second.generation)")) {
            try model.heartbeat("billing", onBroker: coordinator, memberId: firstId, generation: first.generation)
        }
        let rejoined = try Self.join(&model, coordinator, memberId: firstId)
        #expect(rejoined.generation == second.generation && rejoined.members.count == 2)

        try model.commitOffset("billing", onBroker: coordinator, memberId: firstId, generation: rejoined.generation, topic: "orders", partition: 0, offset: 0, metadata: nil)
        let leader = model.partition("orders", 0)!.leader
        _ = try model.append(records: RecordLogTests.batch(count: 5), topic: "orders", partition: 0, onBroker: leader, acks: -1)
        #expect(model.lag(ofGroup: "billing")["orders"]?[0] == 5)

        // The second member stops heartbeating; the first keeps going. After the session timeout it is gone.
        for _ in 0..<12 {
            model.advance(byMs: 1_000)
            try? model.heartbeat("billing", onBroker: coordinator, memberId: firstId, generation: model.groups["billing"]!.generation)
        }
        #expect(model.groups["billing"]?.members.map(\.memberId) == [firstId])
        #expect(model.groups["billing"]?.state == .preparingRebalance)
    }
}
