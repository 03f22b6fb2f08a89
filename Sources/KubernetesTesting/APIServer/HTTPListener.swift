import Foundation
import KubernetesController
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The HTTP/1.1 side: accepts connections on the loopback, reads requests, hands them to the engine,
/// writes responses; watches stream as chunked bodies with back-pressure (each write awaits the socket).
struct HTTPListener: Sendable {
    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>
    let channel: NIOAsyncChannel<any Channel, Never>
    let port: Int

    /// Binds `host:port`; with `tls`, every connection is TLS first (NIOSSL), then HTTP/1.1.
    static func bind(host: String, port: Int, tls: NIOSSLContext? = nil) async throws -> HTTPListener {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try AcceptedConnections.prepare(channel)
                    return channel
                }
            }
        return HTTPListener(channel: channel, port: channel.channel.localAddress?.port ?? port)
    }

    /// Accepts until cancelled; every connection is a child task, closed when the server stops.
    func serve(_ engine: RequestEngine) async throws {
        try await AcceptedConnections.serve(
            channel, wrap: { try Connection(wrappingChannelSynchronously: $0) },
            handle: { connection in await Self.handle(connection, engine: engine) })
    }

    static func handle(_ connection: Connection, engine: RequestEngine) async {
        let closeFuture = connection.channel.closeFuture
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body.clear()
                case .body(var chunk):
                    body.writeBuffer(&chunk)
                case .end:
                    guard let requestHead = head else { continue }
                    head = nil
                    let request = ServerRequest(
                        method: requestHead.method.rawValue, uri: requestHead.uri,
                        headers: requestHead.headers.map { ($0.name, $0.value) },
                        body: Array(body.readableBytesView))
                    let keepAlive = requestHead.isKeepAlive
                    switch await engine.handle(request) {
                    case .complete(let status, let headers, let bytes):
                        var responseHeaders = HTTPHeaders(headers)
                        responseHeaders.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
                        if !keepAlive { responseHeaders.replaceOrAdd(name: "Connection", value: "close") }
                        try await outbound.write(.head(HTTPResponseHead(version: requestHead.version, status: .init(statusCode: status), headers: responseHeaders)))
                        if !bytes.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: bytes)))) }
                        try await outbound.write(.end(nil))
                        if !keepAlive { return }
                    case .watch(let watch):
                        try await stream(watch, version: requestHead.version, outbound: outbound, closeFuture: closeFuture, engine: engine)
                        if !keepAlive { return }
                    }
                }
            }
        }
    }

    /// Streams a watch until its timeout, the client going away, or the server ending it.
    static func stream(
        _ watch: WatchResponse, version: HTTPVersion, outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>,
        closeFuture: EventLoopFuture<Void>, engine: RequestEngine
    ) async throws {
        let headers = HTTPHeaders([("Content-Type", watch.contentType), ("Transfer-Encoding", "chunked")])
        try await outbound.write(.head(HTTPResponseHead(version: version, status: .ok, headers: headers)))
        defer { engine.store.closeWatch(watch.watchID) }
        // A client that goes away ends its watch (EventLoopFuture.get() is not cancellable, so no child awaits it).
        let store = engine.store
        closeFuture.whenComplete { _ in store.closeWatch(watch.watchID) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for frame in watch.initial {
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: watch.render(frame)))))
                    if case .error = frame { return }
                }
                for await frame in watch.stream {
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: watch.render(frame)))))
                }
            }
            group.addTask { try await Task.sleep(for: watch.timeout) }
            if watch.bookmarks {
                let interval = engine.configuration.bookmarkInterval
                group.addTask {
                    while true {
                        try await Task.sleep(for: interval)
                        engine.store.requestBookmark(watch.watchID)
                    }
                }
            }
            // Whichever ends first (stream end, timeout, client gone) ends the watch.
            _ = try await group.next()
            group.cancelAll()
        }
        try await outbound.write(.end(nil))
    }
}
