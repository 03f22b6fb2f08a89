import KafkaProtocol

/// A failure of a simulated operation, carried with the Kafka error code real Kafka returns for it so that
/// the protocol layer can put it on the wire unchanged.
public struct SimulatedKafkaError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: KafkaErrorCode
    public var message: String

    public init(_ code: KafkaErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.name): \(message)" }
}

extension SimulatedKafkaError {
    /// The error as a SimulatedKafkaError: itself, or UNKNOWN_SERVER_ERROR describing anything else (closures
    /// around typed-throwing model calls are inferred as throwing `any Error`).
    init(wrapping error: any Error) {
        if let error = error as? SimulatedKafkaError {
            self = error
        } else {
            self.init(.unknownServerError, "\(error)")
        }
    }
}
