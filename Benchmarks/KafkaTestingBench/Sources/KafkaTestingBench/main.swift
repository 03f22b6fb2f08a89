import Foundation
import KafkaProtocol
import KafkaTesting
import NIOCore
import NIOPosix

/// Resident set size of this process in MiB (Linux /proc/self/statm; 0 elsewhere).
func residentMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
        let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
    else { return 0 }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

/// One blocking-style request/response over a fresh connection per call series.
final class Connection: @unchecked Sendable {
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    var pending = ByteBuffer()
    var correlationId: Int32 = 0
    init(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, _ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.inbound = inbound
        self.outbound = outbound
    }
    func send<R: KafkaRequest>(_ request: R, version: Int16) async throws -> (R.Response, Int) {
        correlationId += 1
        var frame = ByteBuffer()
        try KafkaFraming.encodeRequest(request, version: version, correlationId: correlationId, clientId: "bench", into: &frame)
        try await outbound.write(frame)
        while true {
            if let response = try KafkaFraming.readFrame(from: &pending, maxSize: 1 << 30) {
                return (try KafkaFraming.decodeResponse(R.Response.self, version: version, from: response).body, response.readableBytes)
            }
            guard var more = try await inbound.next() else { throw CancellationError() }
            pending.writeBuffer(&more)
        }
    }
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func summary(_ samples: [Double]) -> String {
    let sorted = samples.sorted()
    return String(format: "median %.1f ms, min %.1f ms, max %.1f ms (%d runs)", sorted[sorted.count / 2], sorted.first!, sorted.last!, sorted.count)
}

let brokerCount = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 100
let topicCount = 1_000
let partitionsPerTopic = Int32((Int(CommandLine.arguments.dropFirst(2).first ?? "") ?? 100_000) / topicCount)
let runs = 7

var configuration = SimulatedClusterConfiguration()
configuration.brokers = SimulatedClusterConfiguration.brokers(brokerCount, racks: 3)
let before = residentMiB()
let clock = ContinuousClock()
try await SimulatedKafkaCluster.withRunningCluster(configuration: configuration) { cluster, running in
    let buildStart = clock.now
    try cluster.withModel { model throws(SimulatedKafkaError) in
        for index in 0..<topicCount {
            try model.createTopic(String(format: "topic-%04d", index), partitions: partitionsPerTopic, replicationFactor: 3)
        }
    }
    let buildTime = clock.now - buildStart
    let after = residentMiB()
    let tickStart = clock.now
    cluster.advance(byMs: 1_000)
    let tickTime = clock.now - tickStart
    print("cluster: \(brokerCount) brokers, \(topicCount) topics x \(partitionsPerTopic) partitions = \(Int32(topicCount) * partitionsPerTopic) partitions, RF 3")
    print(String(format: "memory: RSS %.0f MiB before, %.0f MiB after creating the topics (+%.0f MiB)", before, after, after - before))
    print(String(format: "model: creating the topics took %.0f ms; advancing 1 s of simulated time (2 steps) took %.0f ms", milliseconds(buildTime), milliseconds(tickTime)))

    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: running.ports[1]!) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
    try await channel.executeThenClose { inbound, outbound in
        let connection = Connection(inbound.makeAsyncIterator(), outbound)
        var all: [Double] = []
        var bytes = 0
        for _ in 0..<runs {
            let start = clock.now
            let (response, size) = try await connection.send(MetadataRequest(topics: nil), version: 12)
            all.append(milliseconds(clock.now - start))
            bytes = size
            precondition(response.topics.count == topicCount)
        }
        print("Metadata v12, all topics (\(bytes) bytes): \(summary(all))")
        var one: [Double] = []
        for run in 0..<runs * 10 {
            let start = clock.now
            let (response, _) = try await connection.send(
                MetadataRequest(topics: [.init(name: String(format: "topic-%04d", run % topicCount))]), version: 12)
            one.append(milliseconds(clock.now - start))
            precondition(response.topics.first?.partitions.count == Int(partitionsPerTopic))
        }
        print("DescribeTopics (Metadata v12 for one topic of \(partitionsPerTopic) partitions): \(summary(one))")
    }
}
