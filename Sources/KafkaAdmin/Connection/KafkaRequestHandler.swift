import KafkaProtocol
import NIOCore

/// A request to write: builds its frame once it knows its correlation id, and is answered with the
/// response frame content.
struct OutboundKafkaRequest: Sendable {
    var apiName: String
    var encode: @Sendable (_ correlationId: Int32, _ buffer: inout ByteBuffer) throws -> Void
    var promise: EventLoopPromise<ByteBuffer>
    var timeout: TimeAmount
}

/// Pipelines requests on one connection: assigns correlation ids, writes frames, matches response
/// frames to their requests, times requests out, and fails everything in flight when the connection
/// goes away. Lives on the channel's event loop, so its state needs no lock.
final class KafkaRequestHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = OutboundKafkaRequest
    typealias OutboundOut = ByteBuffer

    private struct Waiter {
        var apiName: String
        var promise: EventLoopPromise<ByteBuffer>
        var timeoutTask: Scheduled<Void>?
    }

    private var inFlight = InFlightRequests<Waiter>()
    private var closedError: KafkaAdminError?
    private let brokerDescription: String

    init(brokerDescription: String) {
        self.brokerDescription = brokerDescription
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let closedError {
            request.promise.fail(closedError)
            promise?.fail(closedError)
            return
        }
        let correlationId = inFlight.register(Waiter(apiName: request.apiName, promise: request.promise, timeoutTask: nil))
        var buffer = context.channel.allocator.buffer(capacity: 256)
        do {
            try request.encode(correlationId, &buffer)
        } catch {
            _ = inFlight.complete(correlationId)
            let failure = KafkaAdminError(
                code: .invalidArgument, message: "cannot encode \(request.apiName) request: \(error)")
            request.promise.fail(failure)
            promise?.fail(failure)
            return
        }
        let broker = brokerDescription
        let apiName = request.apiName
        let timeout = request.timeout
        let boundSelf = NIOLoopBound(self, eventLoop: context.eventLoop)
        let task = context.eventLoop.scheduleTask(in: timeout) {
            guard let waiter = boundSelf.value.inFlight.complete(correlationId) else { return }
            waiter.promise.fail(
                KafkaAdminError(
                    code: .timeout,
                    message: "\(apiName) to broker \(broker) got no response within \(Self.describe(timeout)); the broker may be overloaded or unreachable, retry or raise --timeout",
                    isRetriable: true))
        }
        inFlight.modify(correlationId) { $0.timeoutTask = task }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard let correlationId = KafkaFraming.correlationId(ofResponse: frame) else {
            failAll(KafkaAdminError(code: .protocolError, message: "broker \(brokerDescription) sent a frame without a header"))
            context.close(promise: nil)
            return
        }
        // An unknown id is a response to a request that already timed out: drop it.
        guard let waiter = inFlight.complete(correlationId) else { return }
        waiter.timeoutTask?.cancel()
        waiter.promise.succeed(frame)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(
            KafkaAdminError(
                code: .connectionClosed,
                message: "broker \(brokerDescription) closed the connection while a request was in flight (it may not support the request, or it restarted)",
                isRetriable: true))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(
            KafkaAdminError(
                code: .connectionClosed, message: "connection to broker \(brokerDescription) failed: \(error)",
                isRetriable: true))
        context.close(promise: nil)
    }

    private func failAll(_ error: KafkaAdminError) {
        if closedError == nil { closedError = error }
        for waiter in inFlight.removeAll() {
            waiter.timeoutTask?.cancel()
            waiter.promise.fail(error)
        }
    }

    static func describe(_ amount: TimeAmount) -> String {
        let milliseconds = amount.nanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
