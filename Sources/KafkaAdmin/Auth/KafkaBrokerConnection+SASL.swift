import KafkaProtocol
import NIOCore

extension KafkaBrokerConnection {
    /// SaslHandshake (names the mechanism) then SaslAuthenticate rounds carrying the mechanism's tokens.
    func authenticate(_ sasl: KafkaSASLConfiguration) async throws(KafkaAdminError) {
        let handshake = try await send(SaslHandshakeRequest(mechanism: sasl.mechanism.rawValue))
        if handshake.errorCode != 0 {
            throw KafkaAdminError(
                code: .authenticationFailed, kafkaErrorCode: KafkaErrorCode(rawValue: handshake.errorCode),
                message: "broker \(address) does not accept SASL mechanism \(sasl.mechanism.rawValue); it offers \(handshake.mechanisms.joined(separator: ", ")). Pick one of those with --sasl-mechanism")
        }
        switch sasl.mechanism {
        case .plain:
            _ = try await authenticateRound("\u{0}\(sasl.username)\u{0}\(sasl.password)", username: sasl.username)
        case .scramSHA256, .scramSHA512:
            var scram = ScramClient(
                mechanism: sasl.mechanism == .scramSHA256 ? .sha256 : .sha512, username: sasl.username,
                password: sasl.password)
            let serverFirst = try await authenticateRound(scram.clientFirstMessage(), username: sasl.username)
            let serverFinal = try await authenticateRound(
                try scram.clientFinalMessage(serverFirst: serverFirst), username: sasl.username)
            try scram.verifyServerFinal(serverFinal)
        }
    }

    private func authenticateRound(_ token: String, username: String) async throws(KafkaAdminError) -> String {
        let response = try await send(SaslAuthenticateRequest(authBytes: ByteBuffer(string: token)))
        if response.errorCode != 0 {
            let detail = response.errorMessage.map { ": \($0)" } ?? ""
            throw KafkaAdminError(
                code: .authenticationFailed, kafkaErrorCode: KafkaErrorCode(rawValue: response.errorCode),
                message: "broker \(address) rejected SASL authentication of user '\(username)'\(detail); check --sasl-username, --sasl-password and --sasl-mechanism")
        }
        return String(buffer: response.authBytes)
    }
}
