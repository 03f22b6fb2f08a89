import KafkaProtocol
import NIOCore

/// The SCRAM credentials a user has (mechanism and iteration count; never the secret).
public struct KafkaUserScramCredentials: Sendable, Hashable, Codable {
    public struct Credential: Sendable, Hashable, Codable {
        public var mechanism: String
        public var iterations: Int32
    }

    public var user: String
    public var credentials: [Credential]
}

/// A change to a user's SCRAM credentials.
public enum KafkaScramCredentialChange: Sendable, Hashable {
    /// Sets the password; the salted password is computed here, so the password never leaves the client.
    case upsert(user: String, mechanism: ScramMechanism, password: String, iterations: Int = 8192)
    case delete(user: String, mechanism: ScramMechanism)
}

extension KafkaAdminClient {
    /// SCRAM credentials of users (nil = all users).
    public func describeUserScramCredentials(_ users: [String]? = nil) async throws(KafkaAdminError) -> [KafkaUserScramCredentials] {
        let response = try await send(DescribeUserScramCredentialsRequest(users: users.map { $0.map { .init(name: $0) } }), to: .anyBroker)
        try KafkaAdminError.check(response.errorCode, subject: "DescribeUserScramCredentials", brokerMessage: response.errorMessage)
        var result: [KafkaUserScramCredentials] = []
        for user in response.results {
            try KafkaAdminError.check(user.errorCode, subject: "SCRAM credentials of user '\(user.user)'", brokerMessage: user.errorMessage)
            result.append(
                .init(
                    user: user.user,
                    credentials: user.credentialInfos.map {
                        .init(mechanism: ScramMechanism(wireValue: $0.mechanism)?.saslName ?? "UNKNOWN(\($0.mechanism))", iterations: $0.iterations)
                    }))
        }
        return result.sorted { $0.user < $1.user }
    }

    /// Upserts and deletes SCRAM credentials in one request. The salt is random per upsert.
    public func alterUserScramCredentials(_ changes: [KafkaScramCredentialChange]) async throws(KafkaAdminError) {
        var request = AlterUserScramCredentialsRequest()
        for change in changes {
            switch change {
            case .upsert(let user, let mechanism, let password, let iterations):
                guard iterations >= mechanism.minimumIterations, iterations <= 16384 else {
                    throw KafkaAdminError(
                        code: .invalidArgument,
                        message: "iterations \(iterations) for user '\(user)' is outside Kafka's range \(mechanism.minimumIterations)...16384")
                }
                var generator = SystemRandomNumberGenerator()
                let salt = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
                let salted = mechanism.saltedPassword(password, salt: salt, iterations: iterations)
                request.upsertions.append(
                    .init(
                        name: user, mechanism: mechanism.wireValue, iterations: Int32(iterations), salt: ByteBuffer(bytes: salt),
                        saltedPassword: ByteBuffer(bytes: salted)))
            case .delete(let user, let mechanism):
                request.deletions.append(.init(name: user, mechanism: mechanism.wireValue))
            }
        }
        let response = try await send(request, to: .controller)
        for result in response.results {
            try KafkaAdminError.check(result.errorCode, subject: "SCRAM credentials of user '\(result.user)'", brokerMessage: result.errorMessage)
        }
    }
}
