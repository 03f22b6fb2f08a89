import Crypto
import Foundation

/// The SCRAM hash functions Kafka supports (RFC 5802 with RFC 7677's SHA-256; Kafka adds SHA-512).
public enum ScramMechanism: Sendable, CaseIterable {
    case sha256
    case sha512

    /// The wire value of `ScramMechanism` in Describe/AlterUserScramCredentials.
    public var wireValue: Int8 {
        switch self {
        case .sha256: 1
        case .sha512: 2
        }
    }

    public init?(wireValue: Int8) {
        switch wireValue {
        case 1: self = .sha256
        case 2: self = .sha512
        default: return nil
        }
    }

    /// The SASL mechanism name ("SCRAM-SHA-256").
    public var saslName: String {
        switch self {
        case .sha256: "SCRAM-SHA-256"
        case .sha512: "SCRAM-SHA-512"
        }
    }

    /// Kafka's minimum iteration count for these mechanisms.
    public var minimumIterations: Int { 4096 }

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

    /// Hi() of RFC 5802: PBKDF2 with HMAC of this hash, output one hash block long.
    public func saltedPassword(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        var block = hmac(key: Array(password.utf8), data: salt + [0, 0, 0, 1])
        var result = block
        if iterations > 1 {
            for _ in 1..<iterations {
                block = hmac(key: Array(password.utf8), data: block)
                for index in result.indices { result[index] ^= block[index] }
            }
        }
        return result
    }

    func clientKey(saltedPassword: [UInt8]) -> [UInt8] { hmac(key: saltedPassword, data: Array("Client Key".utf8)) }
    func serverKey(saltedPassword: [UInt8]) -> [UInt8] { hmac(key: saltedPassword, data: Array("Server Key".utf8)) }
}
