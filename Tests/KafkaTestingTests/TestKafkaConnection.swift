import KafkaProtocol
import NIOCore
import NIOPosix

/// A tiny Kafka client for the tests: one TCP connection, one request at a time, typed by the codecs.
struct TestKafkaConnection {
    struct ClosedByBroker: Error {}

    /// Connects to 127.0.0.1:`port`, runs `body` with a `send` function, then closes.
    static func with<T: Sendable>(
        port: Int, _ body: (_ send: TestKafkaSender) async throws -> T
    ) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let sender = TestKafkaSender(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(sender)
        }
    }
}

final class TestKafkaSender: @unchecked Sendable {
    // Used from one test task at a time; the iterator is not Sendable.
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    var pending = ByteBuffer()
    var correlationId: Int32 = 0

    init(inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.inbound = inbound
        self.outbound = outbound
    }

    func send<R: KafkaRequest>(_ request: R, version: Int16) async throws -> R.Response {
        correlationId += 1
        var frame = ByteBuffer()
        try KafkaFraming.encodeRequest(request, version: version, correlationId: correlationId, clientId: "capstan-test", into: &frame)
        try await outbound.write(frame)
        while true {
            if let response = try KafkaFraming.readFrame(from: &pending) {
                return try KafkaFraming.decodeResponse(R.Response.self, version: version, from: response).body
            }
            guard var more = try await inbound.next() else { throw TestKafkaConnection.ClosedByBroker() }
            pending.writeBuffer(&more)
        }
    }
}
