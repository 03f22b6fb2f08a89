import Crypto
import Foundation

// The SCRAM arithmetic here repeats KafkaAdmin's ScramClient on purpose: the simulated broker is the oracle the
// admin client is tested against, and an oracle sharing the client's PBKDF2/HMAC code would agree with its bugs.
extension ScramMechanism {
    /// The SASL mechanism name ("SCRAM-SHA-256").
    public var saslName: String {
        switch self {
        case .sha256: "SCRAM-SHA-256"
        case .sha512: "SCRAM-SHA-512"
        }
    }

    init?(saslName: String) {
        switch saslName {
        case "SCRAM-SHA-256": self = .sha256
        case "SCRAM-SHA-512": self = .sha512
        default: return nil
        }
    }

    func hmac(key: [UInt8], data: [UInt8]) -> [UInt8] {
        switch self {
        case .sha256: Array(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: key)))
        case .sha512: Array(HMAC<SHA512>.authenticationCode(for: data, using: SymmetricKey(data: key)))
        }
    }

    func hash(_ data: [UInt8]) -> [UInt8] {
        switch self {
        case .sha256: Array(SHA256.hash(data: data))
        case .sha512: Array(SHA512.hash(data: data))
        }
    }

    /// Hi() of RFC 5802 (PBKDF2 with this HMAC, one block): what the client sent as the salted password.
    func saltedPassword(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        let key = Array(password.utf8)
        var block = hmac(key: key, data: salt + [0, 0, 0, 1])
        var result = block
        for _ in 1..<max(1, iterations) {
            block = hmac(key: key, data: block)
            for index in result.indices { result[index] ^= block[index] }
        }
        return result
    }
}

/// The broker side of one SCRAM exchange (RFC 5802 / 7677, as Kafka's ScramSaslServer runs it): checks the
/// client's proof against the stored salted password and proves the server knows it too.
struct ScramServerExchange: Sendable {
    private enum Step: Sendable {
        case awaitingClientFirst
        case awaitingClientFinal(user: String, clientFirstBare: String, serverFirst: String, nonce: String, saltedPassword: [UInt8])
        case finished
    }

    let mechanism: ScramMechanism
    private var step = Step.awaitingClientFirst

    init(mechanism: ScramMechanism) {
        self.mechanism = mechanism
    }

    /// Kafka answers every SCRAM failure with the same message, so that a client cannot probe user names.
    var failure: SimulatedKafkaError {
        SimulatedKafkaError(
            .saslAuthenticationFailed,
            "Authentication failed during authentication due to invalid credentials with SASL mechanism \(mechanism.saslName)")
    }

    enum Outcome: Sendable {
        /// Send these bytes and wait for the next message.
        case challenge([UInt8])
        /// Authenticated as this user; send these bytes (the server-final message).
        case authenticated(user: String, serverFinal: [UInt8])
    }

    mutating func receive(_ message: [UInt8], credential: (String) -> ScramCredential?) throws(SimulatedKafkaError) -> Outcome {
        guard let text = String(bytes: message, encoding: .utf8) else { throw failure }
        switch step {
        case .awaitingClientFirst:
            // gs2 header "n,," (or "y,," / "n,a=authzid,"), then the bare message "n=user,r=nonce[,ext]".
            let parts = text.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "n" || parts[0] == "y" else { throw failure }
            let bare = String(parts[2])
            let attributes = Self.attributes(bare)
            guard let rawUser = attributes["n"], let clientNonce = attributes["r"], !clientNonce.isEmpty else { throw failure }
            let user = rawUser.replacingOccurrences(of: "=2C", with: ",").replacingOccurrences(of: "=3D", with: "=")
            guard let stored = credential(user) else { throw failure }
            var generator = SystemRandomNumberGenerator()
            let serverNonce = Data((0..<18).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
            let nonce = clientNonce + serverNonce
            let salt = Data(stored.salt.readableBytesView).base64EncodedString()
            let serverFirst = "r=\(nonce),s=\(salt),i=\(stored.iterations)"
            step = .awaitingClientFinal(
                user: user, clientFirstBare: bare, serverFirst: serverFirst, nonce: nonce, saltedPassword: Array(stored.saltedPassword.readableBytesView))
            return .challenge(Array(serverFirst.utf8))
        case .awaitingClientFinal(let user, let clientFirstBare, let serverFirst, let nonce, let saltedPassword):
            step = .finished
            guard let proofRange = text.range(of: ",p=") else { throw failure }
            let withoutProof = String(text[..<proofRange.lowerBound])
            let attributes = Self.attributes(text)
            guard attributes["r"] == nonce, let proofText = attributes["p"], let proof = Data(base64Encoded: proofText) else { throw failure }
            let authMessage = Array("\(clientFirstBare),\(serverFirst),\(withoutProof)".utf8)
            let storedKey = mechanism.hash(mechanism.hmac(key: saltedPassword, data: Array("Client Key".utf8)))
            let clientSignature = mechanism.hmac(key: storedKey, data: authMessage)
            guard proof.count == clientSignature.count else { throw failure }
            let clientKey = zip(proof, clientSignature).map { $0 ^ $1 }
            guard mechanism.hash(clientKey) == storedKey else { throw failure }
            let serverKey = mechanism.hmac(key: saltedPassword, data: Array("Server Key".utf8))
            let serverSignature = mechanism.hmac(key: serverKey, data: authMessage)
            return .authenticated(user: user, serverFinal: Array("v=\(Data(serverSignature).base64EncodedString())".utf8))
        case .finished:
            throw failure
        }
    }

    /// "a=1,b=2" -> ["a": "1", "b": "2"] (values may contain '=', e.g. base64 padding).
    static func attributes(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for part in text.split(separator: ",") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            result[String(part[..<equals])] = String(part[part.index(after: equals)...])
        }
        return result
    }
}
