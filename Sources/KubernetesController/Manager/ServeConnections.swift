import NIOCore

/// Serving a server bootstrap's connections as `NIOAsyncChannel`s without NIO trapping at shutdown.
///
/// Why: when a bootstrap's child initializer returns an `NIOAsyncChannel`, NIO traps ("Deinited
/// NIOAsyncWriter without calling finish()") if the server closes between accepting a connection and handing
/// it over — the channel is dropped inside NIO, never `executeThenClose`d. A full test run hit it once, and
/// `ShutdownWhileConnectingTests` hits it in one run of three. So the child initializer hands over the plain
/// `Channel` (with reads paused, so nothing arrives before the async handlers are in place), and each
/// connection is wrapped only in the task that serves it; a `Channel` NIO drops is closed with its server.
public enum AcceptedConnections {
    /// Call from the bootstrap's child channel initializer, after configuring the pipeline: pauses reads
    /// until `serve` wraps the channel, and closes the channel when the server closes.
    public static func prepare(_ channel: any Channel) throws {
        try channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
        channel.parent?.closeFuture.whenComplete { _ in channel.close(promise: nil) }
    }

    /// Serves the connections `server` accepts until this task is cancelled, then closes the server and
    /// the connections. Each connection is wrapped by `wrap` (on its event loop, reads resumed afterwards)
    /// and served by `handle` in a child task; `handle` must `executeThenClose` it and return once cancelled.
    public static func serve<Connection: Sendable>(
        _ server: NIOAsyncChannel<any Channel, Never>,
        wrap: @escaping @Sendable (any Channel) throws -> Connection,
        handle: @escaping @Sendable (Connection) async -> Void
    ) async throws {
        try await withTaskCancellationHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { channels in
                    for try await channel in channels {
                        group.addTask {
                            let wrapped = try? await channel.eventLoop.submit {
                                let connection = try wrap(channel)
                                try channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
                                return connection
                            }.get()
                            guard let wrapped else {
                                channel.close(promise: nil)
                                return
                            }
                            await handle(wrapped)
                        }
                    }
                }
            }
        } onCancel: {
            server.channel.close(promise: nil)
        }
    }
}
