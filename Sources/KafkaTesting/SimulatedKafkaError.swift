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
