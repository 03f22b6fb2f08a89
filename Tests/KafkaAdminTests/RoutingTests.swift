import KafkaProtocol
import Testing

@testable import KafkaAdmin

@Suite("Routing, metadata, lag and config modes")
struct RoutingTests {
    let metadata: KafkaClusterMetadata = {
        var brokers: [Int32: KafkaClusterMetadata.Broker] = [:]
        for id: Int32 in [1, 2, 3] {
            brokers[id] = .init(id: id, address: .init(host: "b\(id)", port: 9092), rack: nil)
        }
        let orders = KafkaClusterMetadata.Topic(
            name: "orders", id: "x", isInternal: false,
            partitions: [
                .init(index: 0, leader: 2, leaderEpoch: 1, replicas: [2, 3], isr: [2, 3], offlineReplicas: [], errorCode: 0),
                .init(index: 1, leader: -1, leaderEpoch: 1, replicas: [1], isr: [], offlineReplicas: [1], errorCode: 5),
            ],
            errorCode: 0)
        return KafkaClusterMetadata(clusterId: "c", controllerId: 3, brokers: brokers, topics: ["orders": orders])
    }()

    @Test func routesToControllerLeaderAndBroker() throws {
        #expect(try metadata.resolve(.controller).get().id == 3)
        #expect(try metadata.resolve(.partitionLeader(topic: "orders", partition: 0)).get().id == 2)
        #expect(try metadata.resolve(.broker(1)).get().address == .init(host: "b1", port: 9092))
        #expect(try metadata.resolve(.anyBroker).get().id == 1)
    }

    @Test func controllerFallsBackToAnyBrokerWhenUnknown() throws {
        var noController = metadata
        noController.controllerId = -1
        #expect(try noController.resolve(.controller).get().id == 1)
    }

    @Test func routingFailuresAreTypedKafkaErrors() {
        if case .failure(let error) = metadata.resolve(.partitionLeader(topic: "nope", partition: 0)) {
            #expect(error.name == "UNKNOWN_TOPIC_OR_PARTITION")
            #expect(error.message.contains("'nope'"))
        } else {
            Issue.record("unknown topic must not resolve")
        }
        if case .failure(let error) = metadata.resolve(.partitionLeader(topic: "orders", partition: 1)) {
            #expect(error.name == "LEADER_NOT_AVAILABLE")
            #expect(error.isRetriable)
        } else {
            Issue.record("leaderless partition must not resolve")
        }
        if case .failure(let error) = metadata.resolve(.broker(9)) {
            #expect(error.message.contains("1, 2, 3"))
        } else {
            Issue.record("unknown broker must not resolve")
        }
    }

    @Test func partitionsGroupByLeader() {
        let grouped = metadata.groupByLeader([("orders", 0), ("orders", 1), ("orders", 7)])
        #expect(grouped.byLeader.keys.sorted() == [2])
        #expect(grouped.leaderless.map(\.partition) == [1, 7])
    }

    @Test func metadataResponseBecomesTheCache() {
        let response = MetadataResponse(
            brokers: [.init(nodeId: 111, host: "127.0.0.1", port: 9092, rack: "r1")], clusterId: "tansu", controllerId: 111,
            topics: [.init(name: "t", partitions: [.init(partitionIndex: 1, leaderId: 111), .init(partitionIndex: 0, leaderId: 111)])])
        let cache = KafkaAdminClient.metadata(from: response)
        #expect(cache.brokers[111]?.rack == "r1")
        #expect(cache.topics["t"]?.partitions.map(\.index) == [0, 1])
    }

    @Test func lagIsEndMinusCommittedAndNeverNegative() {
        let p0 = KafkaTopicPartition(topic: "t", partition: 0)
        let p1 = KafkaTopicPartition(topic: "t", partition: 1)
        let p2 = KafkaTopicPartition(topic: "t", partition: 2)
        let lag = KafkaAdminClient.lag(committed: [p0: 5, p1: 20], logEnd: [p0: 12, p1: 10, p2: 4])
        #expect(lag.map(\.lag) == [7, 0, 4])
        #expect(lag[2].committedOffset == nil)
    }

    @Test func quorumLagIsMeasuredFromTheLeader() {
        let partition = DescribeQuorumResponse.PartitionData(
            leaderId: 1, leaderEpoch: 4, highWatermark: 90,
            currentVoters: [
                .init(replicaId: 1, logEndOffset: 100, lastFetchTimestamp: -1, lastCaughtUpTimestamp: -1),
                .init(replicaId: 2, logEndOffset: 97, lastFetchTimestamp: 1_000, lastCaughtUpTimestamp: 900),
            ],
            observers: [.init(replicaId: 7, logEndOffset: 40, lastFetchTimestamp: 5, lastCaughtUpTimestamp: 3)])
        let quorum = KafkaAdminClient.quorum(from: partition)
        #expect(quorum.voters.map(\.lag) == [0, 3])
        #expect(quorum.voters[0].lastCaughtUpTimestamp == nil)
        #expect(quorum.voters[1].lastCaughtUpTimestamp == 900)
        #expect(quorum.observers.first?.lag == 60)
    }

    /// The generated table answers from Kafka's own config definitions.
    @Test func brokerConfigUpdateModes() {
        #expect(KafkaConfigUpdateMode.ofBrokerConfig("log.retention.ms") == .clusterWide)
        #expect(KafkaConfigUpdateMode.ofBrokerConfig("advertised.listeners") == .perBroker)
        #expect(KafkaConfigUpdateMode.ofBrokerConfig("process.roles") == .readOnly)
        #expect(KafkaConfigUpdateMode.ofBrokerConfig("no.such.config") == nil)
    }

    @Test func errorNamesAndHints() {
        let error = KafkaAdminError.kafka(3, subject: "topic 'x'")
        #expect(error.name == "UNKNOWN_TOPIC_OR_PARTITION")
        #expect(error.message.contains("topics list"))
        #expect(error.isRetriable)
        #expect(KafkaAdminError(code: .connectionFailed, message: "m").name == "CONNECTION_FAILED")
    }
}
