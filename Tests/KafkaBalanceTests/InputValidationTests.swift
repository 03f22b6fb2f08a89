import Testing
@testable import KafkaBalance

/// Bad input is refused with an error that names the partition (or broker / JSON position), never a crash.
@Suite("Bad input gives clear errors")
struct InputValidationTests {
    static let brokers = #"{"id":1,"rack":"a"},{"id":2,"rack":"b"},{"id":3,"rack":"c"}"#

    static func planError(_ json: String, goals: BalanceGoals = BalanceGoals()) -> BalanceError? {
        do {
            let cluster = try ClusterDescription(json: Array(json.utf8))
            _ = try RebalancePlanner.plan(cluster, goals: goals)
            return nil
        } catch {
            return error
        }
    }

    @Test func replicaOnUnknownBroker() {
        let error = Self.planError(#"{"brokers":[\#(Self.brokers)],"partitions":[{"topic":"orders","partition":7,"replicas":[1,9]}]}"#)
        #expect(error?.code == .invalidPartition)
        #expect(error?.message.contains("orders-7") == true)
        #expect(error?.message.contains("replica 9 is not a known broker") == true)
    }

    @Test func replicationFactorAboveBrokerCount() {
        let error = Self.planError(#"{"brokers":[\#(Self.brokers)],"partitions":[{"topic":"orders","partition":0,"replicas":[1,2,3]},{"topic":"big","partition":3,"replicas":[1,2,3,1]}]}"#)
        #expect(error?.message.contains("big-3") == true, "\(String(describing: error))")
    }

    @Test func replicationFactorAboveAllowedBrokersWhenDraining() {
        let error = Self.planError(#"{"brokers":[\#(Self.brokers)],"partitions":[{"topic":"orders","partition":0,"replicas":[1,2,3]}]}"#,
                                   goals: BalanceGoals(mode: .removeBrokers, brokers: [3]))
        #expect(error?.code == .invalidPartition)
        #expect(error?.message.contains("orders-0 has replication factor 3 but only 2 brokers") == true)
    }

    @Test func duplicatePartitions() {
        let error = Self.planError(#"{"brokers":[\#(Self.brokers)],"partitions":[{"topic":"b","partition":0,"replicas":[1]},{"topic":"a","partition":1,"replicas":[2]},{"topic":"b","partition":0,"replicas":[3]}]}"#)
        #expect(error?.code == .invalidPartition)
        #expect(error?.message.contains("b-0 is listed more than once") == true, "\(String(describing: error))")
    }

    @Test func duplicateReplicaInOnePartition() {
        let error = Self.planError(#"{"brokers":[\#(Self.brokers)],"partitions":[{"topic":"x","partition":2,"replicas":[1,1]}]}"#)
        #expect(error?.message.contains("x-2: broker 1 appears twice") == true)
    }

    @Test(arguments: [
        (#"{"brokers":[{"id":1}], "partitions":[{"topic":"t","partition":0,"replicas":[1]}"#, "line 1"),
        ("{\"brokers\":[{\"id\":1}],\n \"partitions\":[{\"topic\":\"t\",\"partition\":0,\"replicas\":[1,]}]}", "line 2"),
        (#"{"brokers":[{"id":1}], "partitions":[{"topic":t}]}"#, "expected a string"),
        (#"[1,2]"#, "expected '{'"),
        ("", "end of input"),
    ])
    func malformedJSON(json: String, mentions: String) {
        let error = Self.planError(json)
        #expect(error?.code == .malformedJSON)
        #expect(error?.message.contains(mentions) == true, "\(String(describing: error))")
    }

    @Test func wrongTypesNameThePartition() {
        let error = Self.planError(#"{"brokers":[\#(Self.brokers)],"partitions":[{"topic":"pay","partition":4,"replicas":["1"]}]}"#)
        #expect(error?.message.contains("partition pay-4") == true, "\(String(describing: error))")
        let missing = Self.planError(#"{"brokers":[\#(Self.brokers)],"partitions":[{"topic":"pay","partition":5}]}"#)
        #expect(missing?.message.contains("pay-5") == true && missing?.message.contains("missing \"replicas\"") == true)
    }

    @Test func unknownBrokerInGoals() {
        let error = Self.planError(#"{"brokers":[\#(Self.brokers)],"partitions":[{"topic":"t","partition":0,"replicas":[1]}]}"#,
                                   goals: BalanceGoals(mode: .removeBrokers, brokers: [42]))
        #expect(error?.code == .invalidGoal)
        #expect(error?.message.contains("42") == true)
    }

    @Test func capacityTooSmallIsUnsatisfiable() {
        let error = Self.planError(#"{"brokers":[{"id":1,"capacity":10},{"id":2,"capacity":10}],"partitions":[{"topic":"t","partition":0,"replicas":[1],"size":100}]}"#)
        #expect(error?.code == .unsatisfiable)
        #expect(error?.message.contains("capacity") == true)
    }
}
