import Foundation

/// The client side of a SCRAM exchange (RFC 5802) as a value-type state machine: it produces the
/// messages to send and checks the server's, doing no I/O, so it is tested against RFC 7677's vectors.
public struct ScramClient: Sendable {
    enum State {
        case initial
        case sentClientFirst(clientFirstBare: String)
        case sentClientFinal(expectedServerSignature: [UInt8])
        case done
    }

    public let mechanism: ScramMechanism
    let username: String
    let password: String
    let clientNonce: String
    var state: State = .initial

    /// `clientNonce` is random by default; tests pass RFC 7677's.
    public init(mechanism: ScramMechanism, username: String, password: String, clientNonce: String? = nil) {
        self.mechanism = mechanism
        self.username = username
        self.password = password
        self.clientNonce = clientNonce ?? Self.randomNonce()
    }

    static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
    }

    /// "=" and "," are escaped in SCRAM names (RFC 5802 section 5.1).
    static func escape(_ name: String) -> String {
        name.replacingOccurrences(of: "=", with: "=3D").replacingOccurrences(of: ",", with: "=2C")
    }

    /// The client-first message ("n,,n=user,r=nonce").
    public mutating func clientFirstMessage() -> String {
        let bare = "n=\(Self.escape(username)),r=\(clientNonce)"
        state = .sentClientFirst(clientFirstBare: bare)
        return "n,," + bare
    }

    /// Takes the server-first message, returns the client-final message with the proof.
    public mutating func clientFinalMessage(serverFirst: String) throws(KafkaAdminError) -> String {
        guard case .sentClientFirst(let clientFirstBare) = state else {
            throw Self.failure("server-first message arrived out of order")
        }
        let attributes = Self.attributes(of: serverFirst)
        guard let nonce = attributes["r"], nonce.hasPrefix(clientNonce), nonce.count > clientNonce.count else {
            throw Self.failure("the server nonce does not extend the client nonce (possible tampering)")
        }
        guard let saltText = attributes["s"], let salt = Data(base64Encoded: saltText) else {
            throw Self.failure("the server-first message has no valid salt")
        }
        guard let iterationsText = attributes["i"], let iterations = Int(iterationsText), iterations >= 1 else {
            throw Self.failure("the server-first message has no valid iteration count")
        }
        let salted = mechanism.saltedPassword(password, salt: Array(salt), iterations: iterations)
        let clientKey = mechanism.clientKey(saltedPassword: salted)
        let storedKey = mechanism.hash(clientKey)
        let withoutProof = "c=biws,r=\(nonce)"
        let authMessage = Array("\(clientFirstBare),\(serverFirst),\(withoutProof)".utf8)
        let clientSignature = mechanism.hmac(key: storedKey, data: authMessage)
        let proof = zip(clientKey, clientSignature).map { $0 ^ $1 }
        let serverSignature = mechanism.hmac(key: mechanism.serverKey(saltedPassword: salted), data: authMessage)
        state = .sentClientFinal(expectedServerSignature: serverSignature)
        return "\(withoutProof),p=\(Data(proof).base64EncodedString())"
    }

    /// Verifies the server-final message: the server proves it knows the password too.
    public mutating func verifyServerFinal(_ serverFinal: String) throws(KafkaAdminError) {
        guard case .sentClientFinal(let expected) = state else {
            throw Self.failure("server-final message arrived out of order")
        }
        let attributes = Self.attributes(of: serverFinal)
        if let error = attributes["e"] { throw Self.failure("the server rejected the credentials: \(error)") }
        guard let signature = attributes["v"].flatMap({ Data(base64Encoded: $0) }), Array(signature) == expected else {
            throw Self.failure("the server signature does not match: the server does not know this user's password")
        }
        state = .done
    }

    static func attributes(of message: String) -> [String: String] {
        var result: [String: String] = [:]
        for part in message.split(separator: ",") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            result[String(part[..<equals])] = String(part[part.index(after: equals)...])
        }
        return result
    }

    static func failure(_ text: String) -> KafkaAdminError {
        KafkaAdminError(code: .authenticationFailed, message: "SCRAM authentication failed: \(text)")
    }
}
