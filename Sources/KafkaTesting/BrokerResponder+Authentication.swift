import KafkaProtocol
import NIOCore

extension BrokerResponder {
    /// SASL in front of every other API, as Kafka's SaslServerAuthenticator runs it: before authentication
    /// only ApiVersions and SaslHandshake (v1, followed by SaslAuthenticate) are accepted, anything else
    /// closes the connection; a failed authentication is answered, then the connection is closed. Returns nil
    /// when the request goes on to the API handlers.
    func authenticate(_ request: ParsedBrokerRequest, session: inout BrokerSession) -> BrokerAnswer? {
        let enabled = cluster.configuration.saslMechanisms
        switch session.authentication {
        case .established:
            // On a PLAINTEXT listener, or a second handshake after authenticating: KafkaApis answers ILLEGAL_SASL_STATE.
            if request.apiKey == .saslHandshake {
                return encode(SaslHandshakeResponse(errorCode: KafkaErrorCode.illegalSaslState.rawValue, mechanisms: enabled), version: request.version, request)
            }
            if request.apiKey == .saslAuthenticate {
                return encode(
                    SaslAuthenticateResponse(
                        errorCode: KafkaErrorCode.illegalSaslState.rawValue,
                        errorMessage: "SaslAuthenticate request received while the connection is not expecting one"),
                    version: request.version, request)
            }
            return nil
        case .awaitingHandshake:
            if request.apiKey == .apiVersions { return nil }
            guard let handshake = request.body as? SaslHandshakeRequest else {
                logger.info("closing connection: request before SASL authentication", metadata: ["broker": "\(brokerId)", "api": "\(request.apiKey)"])
                return .closeConnection
            }
            guard enabled.contains(handshake.mechanism) else {
                let response = SaslHandshakeResponse(errorCode: KafkaErrorCode.unsupportedSaslMechanism.rawValue, mechanisms: enabled)
                return closingAfter(encode(response, version: request.version, request))
            }
            session.authentication = .authenticating(
                mechanism: handshake.mechanism, scram: ScramMechanism(saslName: handshake.mechanism).map(ScramServerExchange.init))
            return encode(SaslHandshakeResponse(mechanisms: enabled), version: request.version, request)
        case .authenticating(let mechanism, var scram):
            guard let authenticate = request.body as? SaslAuthenticateRequest else { return .closeConnection }
            let token = Array(authenticate.authBytes.readableBytesView)
            if var exchange = scram {
                let model = cluster.model
                let scramMechanism = exchange.mechanism
                do {
                    switch try exchange.receive(token, credential: { model.scramUsers[$0]?[scramMechanism] }) {
                    case .challenge(let bytes):
                        scram = exchange
                        session.authentication = .authenticating(mechanism: mechanism, scram: scram)
                        return encode(SaslAuthenticateResponse(authBytes: ByteBuffer(bytes: bytes)), version: request.version, request)
                    case .authenticated(let user, let serverFinal):
                        session.authentication = .established
                        session.principal = "User:\(user)"
                        return encode(SaslAuthenticateResponse(authBytes: ByteBuffer(bytes: serverFinal)), version: request.version, request)
                    }
                } catch {
                    let error = SimulatedKafkaError(wrapping: error)
                    return closingAfter(
                        encode(SaslAuthenticateResponse(errorCode: error.code.rawValue, errorMessage: error.message), version: request.version, request))
                }
            }
            // PLAIN: "authzid NUL user NUL password" (RFC 4616).
            let fields = token.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            guard fields.count == 3, cluster.model.verifyPassword(user: fields[1], password: fields[2]) else {
                let response = SaslAuthenticateResponse(
                    errorCode: KafkaErrorCode.saslAuthenticationFailed.rawValue, errorMessage: "Authentication failed: Invalid username or password")
                return closingAfter(encode(response, version: request.version, request))
            }
            session.authentication = .established
            session.principal = "User:\(fields[1])"
            return encode(SaslAuthenticateResponse(), version: request.version, request)
        }
    }

    private func closingAfter(_ answer: BrokerAnswer) -> BrokerAnswer {
        if case .reply(let bytes) = answer { return .replyAndClose(bytes) }
        return answer
    }
}
