import KafkaProtocol
import NIOCore
import NIOPosix

/// A minimal Kafka-protocol server for failure paths no real broker here can show (silence, SASL
/// rejection): it decodes each request with the generated codecs and answers what `respond` returns
/// (nil = never answer).
final class FakeBroker: Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    init(respond: @escaping @Sendable (KafkaReceivedRequest) -> (any KafkaResponse)?) throws {
        channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameSplitter()))
                    try child.pipeline.syncOperations.addHandler(Responder(respond: respond))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    func stop() {
        try? channel.close().wait()
    }

    struct FrameSplitter: ByteToMessageDecoder {
        typealias InboundOut = ByteBuffer
        mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
            guard let frame = try KafkaFraming.readFrame(from: &buffer) else { return .needMoreData }
            context.fireChannelRead(Self.wrapInboundOut(frame))
            return .continue
        }
    }

    final class Responder: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let respond: @Sendable (KafkaReceivedRequest) -> (any KafkaResponse)?

        init(respond: @escaping @Sendable (KafkaReceivedRequest) -> (any KafkaResponse)?) {
            self.respond = respond
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard let request = try? KafkaFraming.decodeRequest(from: unwrapInboundIn(data)) else {
                context.close(promise: nil)
                return
            }
            guard let response = respond(request) else { return }
            var out = context.channel.allocator.buffer(capacity: 128)
            do {
                try Self.encode(response, version: request.version, correlationId: request.correlationId, into: &out)
            } catch {
                context.close(promise: nil)
                return
            }
            context.writeAndFlush(wrapOutboundOut(out), promise: nil)
        }

        static func encode<Response: KafkaResponse>(_ response: Response, version: Int16, correlationId: Int32, into out: inout ByteBuffer) throws {
            try KafkaFraming.encodeResponse(response, version: version, correlationId: correlationId, into: &out)
        }
    }

    /// ApiVersions answer listing every API at this package's full range.
    static func apiVersions() -> ApiVersionsResponse {
        ApiVersionsResponse(apiKeys: ApiKey.allCases.map { .init(apiKey: $0.rawValue, minVersion: $0.validVersions.lowerBound, maxVersion: $0.validVersions.upperBound) })
    }
}
