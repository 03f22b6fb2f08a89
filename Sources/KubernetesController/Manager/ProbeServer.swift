import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 server for /healthz, /readyz and /metrics, on SwiftNIO directly (no framework: three
/// GET routes do not need one). Runs until its task is cancelled.
public struct ProbeServer: Sendable {
    /// An answer to one request.
    public struct Response: Sendable {
        public var status: HTTPResponseStatus
        public var contentType: String
        public var body: String

        public init(status: HTTPResponseStatus, contentType: String = "text/plain; charset=utf-8", body: String) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    public let host: String
    public let port: Int
    let route: @Sendable (_ path: String) -> Response
    let logger: Logger

    public init(host: String, port: Int, logger: Logger, route: @escaping @Sendable (_ path: String) -> Response) {
        self.host = host
        self.port = port
        self.logger = logger
        self.route = route
    }

    /// Binds, reports the bound port (useful with port 0) and serves until cancelled.
    public func run(onBound: @Sendable (Int) -> Void = { _ in }) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try AcceptedConnections.prepare(channel)
                    return channel
                }
            }
        onBound(server.channel.localAddress?.port ?? port)
        logger.info("probe server listening", metadata: ["address": "\(host):\(server.channel.localAddress?.port ?? port)"])
        try await AcceptedConnections.serve(
            server, wrap: { try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: $0) },
            handle: { connection in await handle(connection) })
    }

    private func handle(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                var path = "/"
                var keepAlive = false
                for try await part in inbound {
                    switch part {
                    case .head(let head):
                        path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "/")
                        keepAlive = head.isKeepAlive
                        if head.method != .GET && head.method != .HEAD {
                            path = "\u{0}method-not-allowed"
                        }
                    case .body:
                        break
                    case .end:
                        let response = path == "\u{0}method-not-allowed"
                            ? Response(status: .methodNotAllowed, body: "only GET is served here\n") : route(path)
                        var headers = HTTPHeaders()
                        headers.add(name: "content-type", value: response.contentType)
                        headers.add(name: "content-length", value: "\(response.body.utf8.count)")
                        headers.add(name: "connection", value: keepAlive ? "keep-alive" : "close")
                        try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: response.status, headers: headers)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(string: response.body))))
                        try await outbound.write(.end(nil))
                        if !keepAlive { return }
                    }
                }
            }
        } catch {
            logger.debug("probe connection ended with an error", metadata: ["error": "\(error)"])
        }
    }
}
