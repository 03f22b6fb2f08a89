import AsyncHTTPClient
import KubernetesCore
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// The production transport: AsyncHTTPClient with TLS from the client configuration.
public final class AsyncHTTPClientTransport: HTTPTransport {
    private let httpClient: HTTPClient
    private let baseURL: String
    private let tokens: BearerTokenSource
    private let userAgent: String
    /// The TLS settings a request starts from; a credential plugin's client certificate is added per
    /// request (AsyncHTTPClient keeps connections apart per TLS configuration).
    private let baseTLS: TLSConfiguration
    /// The `Host` header when `tls-server-name` makes the URL name a different host than the server's.
    private let hostHeader: String?
    /// The server as configured, for error messages.
    private let server: String
    /// The last plugin certificate turned into a TLS configuration, so a request does not re-parse PEM.
    private let pluginTLS = Mutex<(certificate: [UInt8], key: [UInt8], tls: TLSConfiguration)?>(nil)
    /// Bodies larger than this are refused rather than buffered (a list this big should be paged).
    private let maxBodyBytes = 512 * 1024 * 1024

    public init(configuration: ClientConfiguration) throws(KubernetesError) {
        var tls = TLSConfiguration.makeClientConfiguration()
        do {
            if let ca = configuration.tls.certificateAuthorityPEM {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(ca))
            }
            if let certificate = configuration.tls.clientCertificatePEM, let key = configuration.tls.clientKeyPEM {
                tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificate).map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: key, format: .pem))
            }
        } catch {
            throw KubernetesError(
                code: .configuration, message: "TLS material for \(configuration.server) is not valid PEM: \(error)",
                underlying: error)
        }
        if configuration.tls.insecureSkipVerify {
            tls.certificateVerification = .none
        }
        var httpConfiguration = HTTPClient.Configuration(
            tlsConfiguration: tls,
            // No read timeout: watches are idle between events; each request gets its own deadline instead.
            timeout: HTTPClient.Configuration.Timeout(connect: .seconds(10), read: nil))
        httpConfiguration.httpVersion = .automatic
        // Over HTTP/1.1 every open watch holds a connection of its own, and an operator watches one type per
        // informer (the KafkaCluster controller alone has nine): AsyncHTTPClient's default of 8 connections
        // per host would starve every other request behind the watches.
        httpConfiguration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        var baseURL = configuration.server.hasSuffix("/") ? String(configuration.server.dropLast()) : configuration.server
        var hostHeader: String?
        if let serverName = configuration.tls.serverName, !serverName.isEmpty,
            let target = ServerNameOverride(url: baseURL, serverName: serverName)
        {
            // tls-server-name: AsyncHTTPClient sends SNI and verifies the certificate for the URL's host,
            // so the URL names `serverName` and a DNS override connects it to the real host; the Host
            // header keeps the real host, as client-go sends it.
            baseURL = target.url
            hostHeader = target.hostHeader
            httpConfiguration.dnsOverride[serverName] = target.connectHost
        }
        self.httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        self.baseURL = baseURL
        self.hostHeader = hostHeader
        self.server = configuration.server
        self.baseTLS = tls
        self.tokens = BearerTokenSource(authentication: configuration.authentication)
        self.userAgent = configuration.userAgent
    }

    public func send(_ request: APIRequest, timeout: Duration) async throws -> HTTPResponse {
        let response = try await classifyingTLSErrors {
            try await httpClient.execute(try await makeRequest(request), timeout: TimeAmount(timeout))
        }
        var body = try await response.body.collect(upTo: maxBodyBytes)
        let bytes = body.readBytes(length: body.readableBytes) ?? []
        if response.status == .unauthorized { await tokens.invalidate() }
        return HTTPResponse(status: Int(response.status.code), headers: Self.headers(response.headers), body: bytes)
    }

    public func stream(_ request: APIRequest) async throws -> StreamingHTTPResponse {
        let response = try await classifyingTLSErrors {
            try await httpClient.execute(try await makeRequest(request), deadline: .distantFuture)
        }
        if response.status == .unauthorized { await tokens.invalidate() }
        let body = response.body
        return StreamingHTTPResponse(
            status: Int(response.status.code), headers: Self.headers(response.headers),
            body: ByteChunks {
                let box = IteratorBox(body.makeAsyncIterator())
                return { try await box.next() }
            })
    }

    public func shutdown() async throws {
        try await httpClient.shutdown()
    }

    private func makeRequest(_ request: APIRequest) async throws -> HTTPClientRequest {
        var httpRequest = HTTPClientRequest(url: baseURL + request.pathAndQuery)
        httpRequest.method = HTTPMethod(rawValue: request.method.rawValue)
        for (name, value) in request.headers {
            httpRequest.headers.add(name: name, value: value)
        }
        httpRequest.headers.replaceOrAdd(name: "User-Agent", value: userAgent)
        if let hostHeader {
            httpRequest.headers.replaceOrAdd(name: "Host", value: hostHeader)
        }
        let credentials = try await tokens.credentials()
        if let authorization = credentials.authorization {
            httpRequest.headers.replaceOrAdd(name: "Authorization", value: authorization)
        }
        if let certificate = credentials.clientCertificate {
            httpRequest.tlsConfiguration = try tlsConfiguration(certificatePEM: certificate.certificatePEM, keyPEM: certificate.keyPEM)
        }
        if let body = request.body {
            httpRequest.body = .bytes(ByteBuffer(bytes: body))
        }
        return httpRequest
    }

    /// TLS handshake failures become configuration errors, which are not retried: the same CA, server
    /// name and certificate would fail the same way again. AsyncHTTPClient retries establishing the
    /// connection until the request's deadline and then reports the last handshake error, which is
    /// what arrives here.
    private func classifyingTLSErrors(_ body: () async throws -> HTTPClientResponse) async throws -> HTTPClientResponse {
        do {
            return try await body()
        } catch let error as NIOSSLError {
            throw tlsFailure(error)
        } catch let error as BoringSSLError {
            throw tlsFailure(error)
        } catch let error as NIOSSLExtraError {
            // Includes a certificate that does not name the host (or tls-server-name).
            throw tlsFailure(error)
        }
    }

    private func tlsFailure(_ error: any Error) -> KubernetesError {
        KubernetesError(
            code: .configuration,
            message: "TLS handshake with \(server) failed (\(error)); check the cluster's certificate-authority and tls-server-name in the kubeconfig, and the client certificate",
            underlying: error)
    }

    /// The base TLS configuration with a credential plugin's client certificate.
    private func tlsConfiguration(certificatePEM: [UInt8], keyPEM: [UInt8]) throws(KubernetesError) -> TLSConfiguration {
        if let cached = pluginTLS.withLock({ $0 }), cached.certificate == certificatePEM, cached.key == keyPEM {
            return cached.tls
        }
        var tls = baseTLS
        do {
            tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(certificatePEM).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: keyPEM, format: .pem))
        } catch {
            throw KubernetesError(
                code: .configuration,
                message: "the credential plugin's client certificate or key is not valid PEM: \(error)", underlying: error)
        }
        pluginTLS.withLock { $0 = (certificatePEM, keyPEM, tls) }
        return tls
    }

    private static func headers(_ headers: HTTPHeaders) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            result[key] = result[key].map { "\($0), \(value)" } ?? value
        }
        return result
    }
}

/// Holds the body iterator of one streaming response. Only the single consumer of that response calls
/// `next()`, one call at a time (AsyncIteratorProtocol's contract), so no lock is needed.
private final class IteratorBox: @unchecked Sendable {
    private var iterator: HTTPClientResponse.Body.AsyncIterator

    init(_ iterator: HTTPClientResponse.Body.AsyncIterator) {
        self.iterator = iterator
    }

    func next() async throws -> [UInt8]? {
        guard var buffer = try await iterator.next() else { return nil }
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
