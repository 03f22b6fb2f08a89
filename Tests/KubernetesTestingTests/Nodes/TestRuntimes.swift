import Foundation
import KubernetesModels
import KubernetesTesting
import NIOCore
import NIOPosix
import Synchronization

/// Claims containers whose image starts with `prefix`, and runs `body` for them.
struct ClosureRuntime: SimulatedContainerRuntime {
    let prefix: String
    let body: @Sendable (CoreV1.Container, CoreV1.Pod, SimulatedContainerContext) async throws -> Void

    func runs(_ container: CoreV1.Container, in pod: CoreV1.Pod) -> Bool { (container.image ?? "").hasPrefix(prefix) }

    func run(_ container: CoreV1.Container, in pod: CoreV1.Pod, context: SimulatedContainerContext) async throws {
        try await body(container, pod, context)
    }
}

struct CrashError: Error, CustomStringConvertible {
    var description: String { "simulated crash" }
}

/// Waits until cancelled (an idle process of a test runtime).
func sleepUntilCancelled() async {
    let (stream, _) = AsyncStream<Void>.makeStream()
    for await _ in stream {}
}

/// A TCP echo server on 127.0.0.1, for the duration of `body`.
func withEchoServer<Result: Sendable>(_ body: (Int) async throws -> Result) async throws -> Result {
    let group = MultiThreadedEventLoopGroup.singleton
    let channel = try await ServerBootstrap(group: group)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelInitializer { channel in channel.pipeline.addHandler(EchoHandler()) }
        .bind(host: "127.0.0.1", port: 0).get()
    let port = channel.localAddress?.port ?? 0
    do {
        let result = try await body(port)
        try await channel.close()
        return result
    } catch {
        try? await channel.close()
        throw error
    }
}

private final class EchoHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(data, promise: nil)
    }
}

/// Sends `message` to 127.0.0.1:`port` and returns what comes back.
func echo(_ message: String, port: Int) async throws -> String {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
    return try await channel.executeThenClose { inbound, outbound in
        try await outbound.write(ByteBuffer(string: message))
        var received = ""
        for try await buffer in inbound {
            received += String(buffer: buffer)
            if received.count >= message.count { break }
        }
        return received
    }
}

/// A gate a runtime waits at, ignoring cancellation (a process that does not stop on SIGTERM).
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resume = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resume { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
