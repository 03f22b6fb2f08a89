import AsyncHTTPClient
import KubernetesCore
import NIOCore
import NIOHTTP1
import NIOSSL

/// The production transport: AsyncHTTPClient with TLS from the client configuration.
public final class AsyncHTTPClientTransport: HTTPTransport {
    private let httpClient: HTTPClient
    private let baseURL: String
    private let tokens: BearerTokenSource
    private let userAgent: String
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
        self.httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: httpConfiguration)
        self.baseURL = configuration.server.hasSuffix("/") ? String(configuration.server.dropLast()) : configuration.server
        self.tokens = BearerTokenSource(authentication: configuration.authentication)
        self.userAgent = configuration.userAgent
    }

    public func send(_ request: APIRequest, timeout: Duration) async throws -> HTTPResponse {
        let response = try await httpClient.execute(try makeRequest(request), timeout: TimeAmount(timeout))
        var body = try await response.body.collect(upTo: maxBodyBytes)
        let bytes = body.readBytes(length: body.readableBytes) ?? []
        if response.status == .unauthorized { tokens.invalidate() }
        return HTTPResponse(status: Int(response.status.code), headers: Self.headers(response.headers), body: bytes)
    }

    public func stream(_ request: APIRequest) async throws -> StreamingHTTPResponse {
        let response = try await httpClient.execute(try makeRequest(request), deadline: .distantFuture)
        if response.status == .unauthorized { tokens.invalidate() }
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

    private func makeRequest(_ request: APIRequest) throws -> HTTPClientRequest {
        var httpRequest = HTTPClientRequest(url: baseURL + request.pathAndQuery)
        httpRequest.method = HTTPMethod(rawValue: request.method.rawValue)
        for (name, value) in request.headers {
            httpRequest.headers.add(name: name, value: value)
        }
        httpRequest.headers.replaceOrAdd(name: "User-Agent", value: userAgent)
        if let authorization = try tokens.authorizationHeader() {
            httpRequest.headers.replaceOrAdd(name: "Authorization", value: authorization)
        }
        if let body = request.body {
            httpRequest.body = .bytes(ByteBuffer(bytes: body))
        }
        return httpRequest
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
