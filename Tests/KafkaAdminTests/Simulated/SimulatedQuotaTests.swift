import KafkaAdmin
import KafkaProtocol
import KafkaTesting
import NIOCore
import Testing

/// Client byte-rate quotas set with the admin client are enforced by the simulated brokers, as Kafka's are:
/// the answer carries `throttleTimeMs` and only the client over its quota is slowed.
@Suite("KafkaAdmin against the simulated cluster: client quotas enforced")
struct SimulatedQuotaTests {
    /// Runs `body` with an admin client named `capstan-admin` and a client named `bulk-loader`.
    func withClients(
        _ body: (SimulatedKafkaCluster, _ admin: KafkaAdminClient, _ loader: KafkaAdminClient) async throws -> Void
    ) async throws {
        try await SimulatedKafkaCluster.withRunningCluster(configuration: SimulatedAdmin.sixBrokers) { cluster, running in
            var configuration = KafkaAdminConfiguration(bootstrapServers: try KafkaBrokerAddress.parseList(running.bootstrapServers))
            configuration.requestTimeout = .seconds(10)
            try await withKafkaAdminClient(configuration) { admin in
                var loaderConfiguration = configuration
                loaderConfiguration.clientId = "bulk-loader"
                try await withKafkaAdminClient(loaderConfiguration) { loader in try await body(cluster, admin, loader) }
            }
        }
    }

    /// 40 batches of one 500-byte record.
    static let batches = (0..<40).map { _ in RecordBatchBuilder.batch(values: [Array(repeating: 0x61, count: 500)]) }

    func produce(_ batch: ByteBuffer, through client: KafkaAdminClient) async throws -> ProduceResponse {
        let request = ProduceRequest(
            acks: -1, timeoutMs: 5_000, topicData: [.init(name: "bulk", partitionData: [.init(index: 0, records: batch)])])
        return try await client.send(request, to: .partitionLeader(topic: "bulk", partition: 0))
    }

    @Test func aProducerOverItsByteRateIsThrottledAndItsRecordsAreStillWritten() async throws {
        try await withClients { cluster, admin, loader in
            try await admin.createTopics([KafkaNewTopic(name: "bulk", partitions: 1, replicationFactor: 3)])
            try await admin.alterClientQuotas([(entity: ["client-id": "bulk-loader"], values: ["producer_byte_rate": 1_000])])

            // 1,000 B/s over the 10-second minimum span allows 10,000 bytes; one 20 KB request is over it.
            var big = ByteBuffer()
            for var batch in Self.batches { big.writeBuffer(&batch) }
            let throttled = try await produce(big, through: loader)
            #expect(throttled.responses.first?.partitionResponses.first?.errorCode == 0)
            #expect(throttled.throttleTimeMs > 0)
            #expect(throttled.throttleTimeMs <= 11_000)
            #expect(cluster.model.partition("bulk", 0)?.logEndOffset == 40, "a throttled produce is still appended")

            // Another client id has no quota: never throttled.
            let unlimited = try await produce(Self.batches[0], through: admin)
            #expect(unlimited.throttleTimeMs == 0)
        }
    }

    @Test func aConsumerOverItsByteRateGetsAtMostItsWindowThenAnEmptyThrottledAnswer() async throws {
        try await withClients { cluster, admin, loader in
            try await admin.createTopics([KafkaNewTopic(name: "bulk", partitions: 1, replicationFactor: 3)])
            for batch in Self.batches { _ = try await produce(batch, through: admin) }
            try await admin.alterClientQuotas([(entity: ["client-id": "bulk-loader"], values: ["consumer_byte_rate": 1_000])])

            func fetch(from offset: Int64) async throws -> FetchResponse {
                let request = FetchRequest(
                    maxWaitMs: 0, minBytes: 0, maxBytes: 50_000_000,
                    topics: [.init(topic: "bulk", partitions: [.init(partition: 0, fetchOffset: offset, partitionMaxBytes: 50_000_000)])])
                return try await loader.send(request, to: .partitionLeader(topic: "bulk", partition: 0), version: 12)
            }
            let first = try await fetch(from: 0)
            let firstBytes = first.responses.first?.partitions.first?.records?.readableBytes ?? 0
            #expect(first.throttleTimeMs == 0)
            #expect(firstBytes > 0)
            #expect(firstBytes <= 10_000, "a response never carries more than the quota allows over 10 s")

            let second = try await fetch(from: 1)
            #expect(second.throttleTimeMs > 0)
            #expect(second.responses.isEmpty, "a throttled fetch answers empty")
            #expect(cluster.model.partition("bulk", 0)?.logEndOffset == 40)
        }
    }
}
