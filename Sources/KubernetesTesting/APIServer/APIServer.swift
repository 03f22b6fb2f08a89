import Foundation
import KubernetesClient
import KubernetesCore
import NIOCore
import NIOPosix

/// An in-memory Kubernetes API server that speaks real HTTP and behaves like kube-apiserver 1.36 on the
/// paths an operator and `kubectl` use (held to recordings of a real server by the contract suite).
///
/// ```swift
/// try await APIServer.withAPIServer { server in
///     try await KubeClient.withClient(configuration: server.clientConfiguration) { client in ... }
/// }
/// ```
/// The server lives exactly as long as the closure; `APIServerService` runs it as a
/// swift-service-lifecycle `Service` instead.
public final class APIServer: Sendable {
    /// How the server listens and behaves.
    public struct Configuration: Sendable {
        /// Address to bind; only loopback is sensible for a test server.
        public var host: String
        /// 0 picks a free ephemeral port (read it back from `port`).
        public var port: Int
        /// The first resourceVersion. History before it is "compacted", so a watch from an older
        /// version gets 410 Expired, as on a real server that has been running a while.
        public var initialResourceVersion: Int64
        /// Events kept for watches to resume from; older ones are compacted away.
        public var historyCapacity: Int
        /// Events buffered per watch before a slow watcher is disconnected.
        public var watchBufferCapacity: Int
        /// How often an open watch with `allowWatchBookmarks` gets a progress bookmark.
        public var bookmarkInterval: Duration
        /// Delay before the built-in controllers (garbage collector, namespace lifecycle) act on a change,
        /// so that clients can observe intermediate states such as a foreground deletion in progress.
        public var controllerDelay: Duration
        /// Who may call the server.
        public var authentication: AuthenticationMode
        /// Plain HTTP, or HTTPS with a certificate authority the server makes at start.
        public var transportSecurity: TransportSecurity

        public init(
            host: String = "127.0.0.1", port: Int = 0, initialResourceVersion: Int64 = 1000,
            historyCapacity: Int = 100_000, watchBufferCapacity: Int = 10_000, bookmarkInterval: Duration = .seconds(2),
            controllerDelay: Duration = .milliseconds(50), authentication: AuthenticationMode = .open,
            transportSecurity: TransportSecurity = .plaintext
        ) {
            self.host = host
            self.port = port
            self.initialResourceVersion = initialResourceVersion
            self.historyCapacity = historyCapacity
            self.watchBufferCapacity = watchBufferCapacity
            self.bookmarkInterval = bookmarkInterval
            self.controllerDelay = controllerDelay
            self.authentication = authentication
            self.transportSecurity = transportSecurity
        }
    }

    /// Whether the server speaks plain HTTP or HTTPS.
    public enum TransportSecurity: Sendable {
        /// `http://`: what tests use unless they are about TLS.
        case plaintext
        /// `https://` with a fresh CA and serving certificate for 127.0.0.1/::1/localhost, made at start.
        case selfSigned
        /// `https://` with certificates made earlier (so a restarted server keeps the CA clients trust).
        case certificates(ServingCertificates)
    }

    /// Request authentication.
    public enum AuthenticationMode: Sendable {
        /// Every request acts as the cluster admin (`kubernetes-admin`, group `system:masters`).
        case open
        /// Bearer tokens map to user names; a request without a token is `system:anonymous` (403 except
        /// on `/version`), an unknown token is 401. Users other than `adminUser` are forbidden.
        case tokens([String: String], adminUser: String = "kubernetes-admin")
    }

    public let configuration: Configuration
    /// The bound port (the ephemeral one when `configuration.port` was 0).
    public let port: Int
    /// Hooks that make the server misbehave on purpose (failures, dropped watches, compaction, pauses).
    public let faults: FaultInjector
    /// The CA and serving certificate when the server speaks HTTPS; nil for plain HTTP.
    public let certificates: ServingCertificates?
    let engine: RequestEngine

    init(configuration: Configuration, port: Int, engine: RequestEngine, certificates: ServingCertificates?) {
        self.configuration = configuration
        self.port = port
        self.engine = engine
        self.faults = engine.faults
        self.certificates = certificates
    }

    /// `http://127.0.0.1:PORT`, or `https://...` with TLS.
    public var baseURL: String { "\(certificates == nil ? "http" : "https")://\(configuration.host):\(port)" }

    /// A client configuration for this server (trusting its CA when it speaks TLS, the admin's token when
    /// tokens are on, generous rate limits).
    public var clientConfiguration: ClientConfiguration {
        var authentication = Authentication.none
        if case .tokens(let tokens, let admin) = configuration.authentication, let token = tokens.first(where: { $0.value == admin })?.key {
            authentication = .bearerToken(token)
        }
        let tls = TLSSettings(certificateAuthorityPEM: certificates.map { Array($0.certificateAuthorityPEM.utf8) })
        return ClientConfiguration(server: baseURL, namespace: "default", tls: tls, authentication: authentication,
                                   queriesPerSecond: 10_000, burst: 10_000, userAgent: "capstan-test")
    }

    /// Starts a server, runs `body` with it, and shuts it down (closing every connection) when `body` returns.
    public static func withAPIServer<Result: Sendable>(
        _ configuration: Configuration = Configuration(),
        _ body: (APIServer) async throws -> Result
    ) async throws -> Result {
        let certificates: ServingCertificates?
        switch configuration.transportSecurity {
        case .plaintext: certificates = nil
        case .selfSigned: certificates = try ServingCertificates.generate()
        case .certificates(let provided): certificates = provided
        }
        let engine = RequestEngine(configuration: configuration, certificateAuthorityPEM: certificates?.certificateAuthorityPEM ?? "")
        let listener = try await HTTPListener.bind(host: configuration.host, port: configuration.port,
                                                   tls: try certificates.map { try $0.serverContext() })
        engine.boundPort.withLock { $0 = listener.port }
        let server = APIServer(configuration: configuration, port: listener.port, engine: engine, certificates: certificates)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await listener.serve(engine) }
            group.addTask { await engine.controllers.run() }
            do {
                let result = try await body(server)
                group.cancelAll()
                try? await group.waitForAll()
                return result
            } catch {
                group.cancelAll()
                try? await group.waitForAll()
                throw error
            }
        }
    }
}
