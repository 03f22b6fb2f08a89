import Foundation
import Testing

@testable import KafkaTesting

/// confluent-kafka (librdkafka) and kafka-python against the simulated brokers. Skipped visibly without
/// python3 + both packages (scripts/install-test-deps.sh installs them). kcat has its own suite (KcatTests).
@Suite struct RealClientTests {
    static let scriptPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts/real_clients.py").path

    static let pythonClientsAvailable: Bool = {
        let ok = (try? run(["python3", "-c", "import confluent_kafka, kafka"]).status) == 0
        if !ok { print("SKIPPED: RealClientTests need python3 with confluent-kafka and kafka-python (scripts/install-test-deps.sh)") }
        return ok
    }()

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    struct Seen: Decodable {
        var confluent_brokers: [[Value]]
        var confluent_cluster_id: String?
        var confluent_topics: [String: [[Value]]]
        var produce_errors: [String]
        var produced: Int
        var confluent_consumed: [String]
        var confluent_committed: [String: Int64]
        var kafka_python_brokers: [[Value]]
        var kafka_python_topics: [String]
        var kafka_python_consumed: [String]
    }

    enum Value: Decodable, Hashable {
        case int(Int64)
        case string(String)
        case list([Int64])
        case null
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let int = try? container.decode(Int64.self) { self = .int(int) }
            else if let string = try? container.decode(String.self) { self = .string(string) }
            else { self = .list(try container.decode([Int64].self)) }
        }
    }

    @Test(.enabled(if: pythonClientsAvailable, "needs python3 with confluent-kafka and kafka-python"))
    func confluentKafkaAndKafkaPythonSeeTheModelAndRoundTripRecordsWithAGroup() async throws {
        var configuration = SimulatedClusterConfiguration()
        configuration.brokers = SimulatedClusterConfiguration.brokers(6, racks: 3)
        try await SimulatedKafkaCluster.withRunningCluster(configuration: configuration) { cluster, running in
            try cluster.withModel { model throws(SimulatedKafkaError) in
                try model.createTopic("orders", partitions: 6, replicationFactor: 3, configs: ["min.insync.replicas": "2"])
            }
            let count = 200
            let result = try await offloadBlocking { try Self.run(["python3", Self.scriptPath, running.bootstrapServers, "orders", "billing", "\(count)"]) }
            try #require(result.status == 0, "real_clients.py failed: \(result.errors.suffix(3000))")
            let seen = try JSONDecoder().decode(Seen.self, from: Data(result.output.utf8))
            let model = cluster.model
            let expectedBrokers = model.brokerIds.map { [Value.int(Int64($0)), model.brokers[$0]!.rack.map(Value.string) ?? .null] }
            #expect(seen.confluent_brokers == expectedBrokers)
            #expect(seen.kafka_python_brokers == expectedBrokers)
            #expect(seen.confluent_cluster_id == model.configuration.clusterId)
            #expect(seen.kafka_python_topics == ["orders"])
            let partitions = try #require(seen.confluent_topics["orders"])
            for row in partitions {
                guard case .int(let index) = row[0], let p = model.partition("orders", Int32(index)) else {
                    Issue.record("unexpected partition row \(row)")
                    continue
                }
                #expect(row[1] == .int(Int64(p.leader)))
                #expect(row[2] == .list(p.replicas.map(Int64.init)))
                #expect(row[3] == .list(p.isr.map(Int64.init)))
            }
            #expect(seen.produce_errors.isEmpty)
            #expect(seen.produced == count)
            let expected = (0..<count).map { "message-\($0)" }.sorted()
            #expect(seen.confluent_consumed == expected)
            #expect(seen.kafka_python_consumed == expected)
            // The model holds exactly what was produced, and the group's committed offsets are the log ends.
            let total = model.topics["orders"]!.partitions.reduce(Int64(0)) { $0 + $1.logEndOffset }
            #expect(total == Int64(count))
            for p in model.topics["orders"]!.partitions where p.logEndOffset > 0 {
                #expect(seen.confluent_committed["\(p.index)"] == p.logEndOffset)
                #expect(model.groups["billing"]?.offsets["orders"]?[p.index]?.offset == p.logEndOffset)
            }
            #expect(model.lag(ofGroup: "billing").values.allSatisfy { $0.values.allSatisfy { $0 == 0 } })
        }
    }
}

/// Runs blocking work (a child process) on a Dispatch thread. Swift's cooperative pool has one thread per
/// core; a test that blocks one of them in `waitUntilExit()` starves the in-process servers that other tests
/// run at the same time (seen as request deadlines exceeded in CI).
func offloadBlocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
