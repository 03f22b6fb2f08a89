import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// An HTTPS server on 127.0.0.1 that answers `/version` like an API server, records what each client
/// sent (SNI, Host, Authorization), and can require a bearer token or a client certificate.
final class TLSTestServer: Sendable {
    struct Seen: Sendable {
        var serverNames: [String?] = []
        var hosts: [String] = []
        var authorizations: [String?] = []
    }

    /// What clients sent, appended to from the event loop and read by the test.
    final class Recorder: Sendable {
        private let state = Mutex(Seen())
        var seen: Seen { state.withLock { $0 } }
        func record(_ change: (inout Seen) -> Void) { state.withLock { change(&$0) } }
    }

    let port: Int
    private let channel: any Channel
    /// Its own thread, so that its handshakes never delay the in-memory API servers of tests running at
    /// the same time (they use the shared singleton group).
    private let group: MultiThreadedEventLoopGroup
    private let recorder: Recorder

    var recorded: Seen { recorder.seen }

    /// `requiredToken`: answer 401 to any other bearer token. `clientCA`: require a client certificate
    /// signed by (or equal to) this PEM certificate.
    init(certificate: TestCertificate, requiredToken: String? = nil, clientCA: String? = nil) async throws {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificate.certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(certificate.keyPEM.utf8), format: .pem)))
        let recorder = Recorder()
        self.recorder = recorder
        tls.sslContextCallback = { values, promise in
            recorder.record { $0.serverNames.append(values.serverHostname) }
            promise.succeed(.noChanges)
        }
        if let clientCA {
            tls.certificateVerification = .noHostnameVerification
            tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(clientCA.utf8)))
        }
        let context = try NIOSSLContext(configuration: tls)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.group = group
        do {
            channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(VersionHandler(recorder: recorder, requiredToken: requiredToken))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        port = channel.localAddress?.port ?? 0
    }

    func close() async throws {
        try? await channel.close()
        try await group.shutdownGracefully()
    }

    /// Runs `body` with a started server and closes the server afterwards.
    static func with<Result>(
        certificate: TestCertificate, requiredToken: String? = nil, clientCA: String? = nil,
        _ body: (TLSTestServer) async throws -> Result
    ) async throws -> Result {
        let server = try await TLSTestServer(certificate: certificate, requiredToken: requiredToken, clientCA: clientCA)
        do {
            let result = try await body(server)
            try await server.close()
            return result
        } catch {
            try? await server.close()
            throw error
        }
    }
}

private final class VersionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let recorder: TLSTestServer.Recorder
    let requiredToken: String?
    private var authorization: String?

    init(recorder: TLSTestServer.Recorder, requiredToken: String?) {
        self.recorder = recorder
        self.requiredToken = requiredToken
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            authorization = head.headers.first(name: "authorization")
            let host = head.headers.first(name: "host") ?? ""
            let authorization = authorization
            recorder.record {
                $0.hosts.append(host)
                $0.authorizations.append(authorization)
            }
        case .body:
            break
        case .end:
            let authorized = requiredToken.map { authorization == "Bearer \($0)" } ?? true
            let body = authorized
                ? #"{"major":"1","minor":"36","gitVersion":"v1.36.0"}"#
                : #"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"#
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "application/json")
            headers.add(name: "content-length", value: "\(body.utf8.count)")
            let head = HTTPResponseHead(version: .http1_1, status: authorized ? .ok : .unauthorized, headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
