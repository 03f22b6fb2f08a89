import KafkaProtocol
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// One connection to one broker, after ApiVersions negotiation and SASL authentication. Many requests
/// may be in flight at once (pipelining); each has its own timeout.
final class KafkaBrokerConnection: Sendable {
    let channel: any Channel
    let address: KafkaBrokerAddress
    /// The broker's version range per API, as it answered ApiVersions.
    let brokerVersions: [Int16: ClosedRange<Int16>]
    let clientId: String
    let requestTimeout: TimeAmount

    private init(
        channel: any Channel, address: KafkaBrokerAddress, brokerVersions: [Int16: ClosedRange<Int16>], clientId: String,
        requestTimeout: TimeAmount
    ) {
        self.channel = channel
        self.address = address
        self.brokerVersions = brokerVersions
        self.clientId = clientId
        self.requestTimeout = requestTimeout
    }

    var isActive: Bool { channel.isActive }

    /// The version to use for `apiKey`: the highest both sides support, or nil if there is none.
    func negotiatedVersion(_ apiKey: ApiKey) -> Int16? {
        guard let broker = brokerVersions[apiKey.rawValue] else { return nil }
        return VersionNegotiation.highestCommon(ours: apiKey.validVersions, theirs: broker)
    }

    /// Sends `request` at the negotiated (or given) version and decodes the typed response.
    func send<Request: KafkaRequest>(_ request: Request, version: Int16? = nil) async throws(KafkaAdminError) -> Request.Response {
        let apiKey = Request.apiKey
        guard let chosen = version ?? negotiatedVersion(apiKey) else {
            throw VersionNegotiation.unsupported(apiKey, broker: address, theirs: brokerVersions[apiKey.rawValue])
        }
        let frame = try await Self.exchange(
            request, version: chosen, on: channel, clientId: clientId, timeout: requestTimeout, address: address)
        do {
            return try KafkaFraming.decodeResponse(Request.Response.self, version: chosen, from: frame).body
        } catch {
            throw KafkaAdminError(
                code: .protocolError, message: "cannot decode \(apiKey.name) v\(chosen) response from broker \(address): \(error)")
        }
    }

    /// Writes one request and waits for its response frame.
    static func exchange<Request: KafkaRequest>(
        _ request: Request, version: Int16, on channel: any Channel, clientId: String, timeout: TimeAmount,
        address: KafkaBrokerAddress
    ) async throws(KafkaAdminError) -> ByteBuffer {
        let promise = channel.eventLoop.makePromise(of: ByteBuffer.self)
        let outbound = OutboundKafkaRequest(
            apiName: Request.apiKey.name,
            encode: { correlationId, buffer in
                try KafkaFraming.encodeRequest(
                    request, version: version, correlationId: correlationId, clientId: clientId, into: &buffer)
            },
            promise: promise, timeout: timeout)
        channel.writeAndFlush(outbound).whenFailure { error in
            promise.fail(error)
        }
        do {
            return try await promise.futureResult.get()
        } catch let error as KafkaAdminError {
            throw error
        } catch {
            throw KafkaAdminError(
                code: .connectionClosed, message: "\(Request.apiKey.name) to broker \(address) failed: \(error)",
                isRetriable: true)
        }
    }

    func close() async {
        try? await channel.close()
    }

    /// Connects, negotiates API versions and authenticates.
    static func connect(
        to address: KafkaBrokerAddress, configuration: KafkaAdminConfiguration, group: any EventLoopGroup,
        logger: Logger
    ) async throws(KafkaAdminError) -> KafkaBrokerConnection {
        let dialed = configuration.addressMapper(address)
        let sslContext: NIOSSLContext?
        do {
            sslContext = try configuration.tls.map { try $0.makeContext() }
        } catch {
            throw KafkaAdminError(code: .invalidArgument, message: "TLS settings are unusable: \(error)")
        }
        let description = dialed == address ? "\(address)" : "\(address) (dialed as \(dialed))"
        let maximumFrameSize = configuration.maximumFrameSize
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.duration(configuration.connectTimeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let hostname = configuration.tls?.verifyHostname == false || dialed.host.isIPAddress ? nil : dialed.host
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: sslContext, serverHostname: hostname))
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: maximumFrameSize)))
                    try channel.pipeline.syncOperations.addHandler(KafkaRequestHandler(brokerDescription: description))
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: dialed.host, port: dialed.port).get()
        } catch {
            throw KafkaAdminError(
                code: .connectionFailed,
                message: "cannot connect to broker \(description): \(error); check that a broker listens there and that --bootstrap is right",
                isRetriable: true)
        }
        let timeout = TimeAmount.duration(configuration.requestTimeout)
        do {
            let versions = try await negotiateVersions(
                on: channel, clientId: configuration.clientId, timeout: timeout, address: address)
            let connection = KafkaBrokerConnection(
                channel: channel, address: address, brokerVersions: versions, clientId: configuration.clientId,
                requestTimeout: timeout)
            if let sasl = configuration.sasl {
                try await connection.authenticate(sasl)
            }
            logger.debug("connected", metadata: ["broker": "\(description)", "apis": "\(versions.count)"])
            return connection
        } catch {
            try? await channel.close()
            throw error
        }
    }

    /// ApiVersions at our highest version; a broker that does not know it answers UNSUPPORTED_VERSION in
    /// the v0 layout with its own range, and we retry at the highest version we share.
    static func negotiateVersions(
        on channel: any Channel, clientId: String, timeout: TimeAmount, address: KafkaBrokerAddress
    ) async throws(KafkaAdminError) -> [Int16: ClosedRange<Int16>] {
        var version = ApiKey.apiVersions.validVersions.upperBound
        for _ in 0..<2 {
            let request = ApiVersionsRequest(clientSoftwareName: "capstan", clientSoftwareVersion: "0.1.0")
            let frame = try await exchange(
                request, version: version, on: channel, clientId: clientId, timeout: timeout, address: address)
            let response = try VersionNegotiation.decodeApiVersions(frame, requestedVersion: version, address: address)
            if response.errorCode == KafkaErrorCode.unsupportedVersion.rawValue {
                let theirs = response.apiKeys.first { $0.apiKey == ApiKey.apiVersions.rawValue }
                guard let theirs,
                    let common = VersionNegotiation.highestCommon(
                        ours: ApiKey.apiVersions.validVersions, theirs: theirs.minVersion...theirs.maxVersion),
                    common != version
                else {
                    throw VersionNegotiation.unsupported(
                        .apiVersions, broker: address, theirs: theirs.map { $0.minVersion...$0.maxVersion })
                }
                version = common
                continue
            }
            try KafkaAdminError.check(response.errorCode, subject: "ApiVersions to broker \(address)")
            return VersionNegotiation.ranges(of: response)
        }
        throw VersionNegotiation.unsupported(.apiVersions, broker: address, theirs: nil)
    }
}

extension String {
    var isIPAddress: Bool {
        (try? SocketAddress(ipAddress: self, port: 0)) != nil
    }
}

extension TimeAmount {
    static func duration(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
