import Logging
import NIOCore
import NIOPosix

/// A TCP forwarder on 127.0.0.1: each accepted connection is spliced to the address `target()` picks at
/// that moment. The sandbox gives every Kafka cluster one stable bootstrap port this way, whichever of its
/// brokers happen to be running (their own ports change when they restart).
final class LoopbackProxy: Sendable {
    private let channel: any Channel

    /// The port clients connect to.
    var port: Int { channel.localAddress?.port ?? 0 }

    private init(channel: any Channel) {
        self.channel = channel
    }

    /// Listens on `port` (0 = any free port). A connection for which `target` returns nil is closed at once,
    /// which a Kafka client treats like a broker that is down and retries.
    static func start(
        port: Int = 0, logger: Logger, target: @escaping @Sendable () -> Int?
    ) async throws -> LoopbackProxy {
        let group = MultiThreadedEventLoopGroup.singleton
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // Nothing is read from a client until its splice to the broker is in place.
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { inbound in
                guard let targetPort = target() else {
                    return inbound.close()
                }
                let loop = inbound.eventLoop
                let (toOutbound, toInbound) = SpliceHandler.pair()
                let outboundHandler = NIOLoopBound(toInbound, eventLoop: loop)
                let inboundHandler = NIOLoopBound(toOutbound, eventLoop: loop)
                return ClientBootstrap(group: loop)
                    .channelInitializer { outbound in
                        outbound.eventLoop.makeCompletedFuture {
                            try outbound.pipeline.syncOperations.addHandler(outboundHandler.value)
                        }
                    }
                    .connect(host: "127.0.0.1", port: targetPort)
                    .flatMapThrowing { _ in
                        try inbound.pipeline.syncOperations.addHandler(inboundHandler.value)
                    }
                    .flatMap { inbound.setOption(.autoRead, value: true) }
                    .flatMapError { error in
                        logger.debug("sandbox proxy: cannot reach 127.0.0.1:\(targetPort): \(error)")
                        return inbound.close()
                    }
            }
            .bind(host: "127.0.0.1", port: port).get()
        return LoopbackProxy(channel: channel)
    }

    func close() async {
        try? await channel.close()
    }
}

/// One side of a splice: bytes read here are written to the partner's channel, reads are held back while
/// the partner's channel cannot take more (back-pressure), and closing either side closes both.
private final class SpliceHandler: ChannelDuplexHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny
    typealias OutboundOut = NIOAny

    private var partner: SpliceHandler?
    private var context: ChannelHandlerContext?
    private var pendingRead = false

    static func pair() -> (SpliceHandler, SpliceHandler) {
        let first = SpliceHandler()
        let second = SpliceHandler()
        first.partner = second
        second.partner = first
        return (first, second)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        partner?.partnerWrite(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.partnerFlush()
    }

    func channelInactive(context: ChannelHandlerContext) {
        partner?.partnerClose()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { partner?.partnerBecameWritable() }
    }

    func read(context: ChannelHandlerContext) {
        if partner?.partnerWritable ?? false {
            context.read()
        } else {
            pendingRead = true
        }
    }

    // Both channels of a splice live on the same event loop (the outbound one is created on the inbound's
    // loop), so the partner is only ever called on the loop that owns it.
    private func partnerWrite(_ data: NIOAny) {
        context?.write(data, promise: nil)
    }

    private func partnerFlush() {
        context?.flush()
    }

    private func partnerClose() {
        context?.close(promise: nil)
    }

    private var partnerWritable: Bool {
        context?.channel.isWritable ?? false
    }

    private func partnerBecameWritable() {
        if pendingRead, let context {
            pendingRead = false
            context.read()
        }
    }
}
