import KafkaProtocol
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// One simulated broker's listener on 127.0.0.1: it frames Kafka requests, answers them from the shared
/// model, and behaves like the broker's process state (stopped: connections closed; hung: no answers).
final class SimulatedBrokerServer: Sendable {
    let brokerId: Int32
    let channel: any Channel

    private init(brokerId: Int32, channel: any Channel) {
        self.brokerId = brokerId
        self.channel = channel
    }

    var port: Int { channel.localAddress?.port ?? 0 }

    static func start(
        brokerId: Int32, cluster: SimulatedKafkaCluster, port: Int, group: any EventLoopGroup, logger: Logger,
        tls: NIOSSLContext? = nil
    ) async throws -> SimulatedBrokerServer {
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // An SSL listener: TLS first, then Kafka framing on the decrypted stream.
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.addHandler(
                        KafkaBrokerConnectionHandler(
                            responder: BrokerResponder(brokerId: brokerId, cluster: cluster, logger: logger), logger: logger))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        return SimulatedBrokerServer(brokerId: brokerId, channel: channel)
    }

    func close() async {
        try? await channel.close()
    }
}

/// Splits the inbound stream into frames and writes each answer in request order (Kafka guarantees
/// responses in request order per connection).
final class KafkaBrokerConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let responder: BrokerResponder
    let logger: Logger
    private var pending = ByteBuffer()
    /// SASL state and principal of this connection.
    private var session: BrokerSession

    init(responder: BrokerResponder, logger: Logger) {
        self.responder = responder
        self.logger = logger
        session = BrokerSession(requiresSASL: !responder.cluster.configuration.saslMechanisms.isEmpty)
    }

    /// True while a delayed answer is pending: later frames wait in `pending`, keeping responses in order.
    private var waiting = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        processPending(context: context)
    }

    /// Writes the last answer of a connection (e.g. a failed authentication), then closes it once written.
    private func replyThenClose(_ reply: ByteBuffer, context: ChannelHandlerContext) {
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(reply), promise: written)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in loopBound.value.close(promise: nil) }
    }

    /// Flushes what was answered and serves no further request of this connection for `ms` of real time,
    /// then answers with what `later` gives and goes on; frames that arrive meanwhile wait in `pending`. A
    /// Fetch waiting for data and a throttled client's muted channel (`later` answering nothing) both pause.
    private func answerLater(after ms: Int64, context: ChannelHandlerContext, _ later: @escaping @Sendable () -> BrokerAnswer) {
        context.flush()
        waiting = true
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: .milliseconds(ms)) {
            let (handler, context) = loopBound.value
            handler.waiting = false
            switch later() {
            case .reply(let reply): context.writeAndFlush(handler.wrapOutboundOut(reply), promise: nil)
            case .replyAndClose(let reply):
                handler.replyThenClose(reply, context: context)
                return
            case .closeConnection: context.close(promise: nil); return
            case .replyThenMute(let reply, let ms):
                if reply.readableBytes > 0 { context.write(handler.wrapOutboundOut(reply), promise: nil) }
                handler.answerLater(after: ms, context: context) { .noReply }
                return
            case .noReply, .delayed: break
            }
            handler.processPending(context: context)
        }
    }

    private func processPending(context: ChannelHandlerContext) {
        guard !waiting else { return }
        do {
            while let frame = try KafkaFraming.readFrame(from: &pending) {
                switch responder.answer(frame: frame, session: &session) {
                case .reply(let reply):
                    context.write(wrapOutboundOut(reply), promise: nil)
                case .replyAndClose(let reply):
                    replyThenClose(reply, context: context)
                    return
                case .noReply:
                    continue
                case .closeConnection:
                    context.close(promise: nil)
                    return
                case .replyThenMute(let reply, let ms):
                    if reply.readableBytes > 0 { context.write(wrapOutboundOut(reply), promise: nil) }
                    answerLater(after: ms, context: context) { .noReply }
                    return
                case .delayed(let ms, let later):
                    answerLater(after: ms, context: context, later)
                    return
                }
            }
            context.flush()
            pending.discardReadBytes()
        } catch {
            logger.warning("closing connection after an undecodable frame", metadata: ["broker": "\(responder.brokerId)", "error": "\(error)"])
            context.close(promise: nil)
        }
    }
}
