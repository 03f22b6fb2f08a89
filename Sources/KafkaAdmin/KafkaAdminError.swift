import KafkaProtocol

/// An error from the admin client: a Kafka error code a broker answered, or a failure of the client
/// itself (connection, timeout, authentication, version negotiation, bad input).
///
/// Like swift-kafka-client's errors this is a struct with an extensible `code`, so new kinds of failure
/// do not break callers that switch over the known ones.
public struct KafkaAdminError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A broker answered with a Kafka error code (see `kafkaErrorCode`).
        public static let kafka = Code("kafka")
        /// No connection could be made (nothing listening, DNS, TLS handshake).
        public static let connectionFailed = Code("connectionFailed")
        /// The connection closed while a request was in flight.
        public static let connectionClosed = Code("connectionClosed")
        /// The broker did not answer within the request timeout.
        public static let timeout = Code("timeout")
        /// The broker does not support any version of the API this client can speak.
        public static let unsupportedVersion = Code("unsupportedVersion")
        /// SASL authentication failed or the mechanism is not enabled.
        public static let authenticationFailed = Code("authenticationFailed")
        /// A response could not be decoded, or broke the protocol.
        public static let protocolError = Code("protocolError")
        /// The caller passed a value the client rejects before sending anything.
        public static let invalidArgument = Code("invalidArgument")
        /// The client was shut down.
        public static let shutdown = Code("shutdown")
    }

    /// What kind of failure this is.
    public var code: Code
    /// The Kafka error code when a broker answered with one.
    public var kafkaErrorCode: KafkaErrorCode?
    /// A sentence a person understands: what failed, on which resource, and what to do.
    public var message: String
    /// Whether the same call may succeed if retried later.
    public var isRetriable: Bool
    public var file: String
    public var line: UInt

    public init(
        code: Code, kafkaErrorCode: KafkaErrorCode? = nil, message: String, isRetriable: Bool = false,
        file: String = #fileID, line: UInt = #line
    ) {
        self.code = code
        self.kafkaErrorCode = kafkaErrorCode
        self.message = message
        self.isRetriable = isRetriable
        self.file = file
        self.line = line
    }

    /// Kafka's name for the error ("UNKNOWN_TOPIC_OR_PARTITION"), or the client failure kind in upper
    /// snake case ("CONNECTION_FAILED") so scripts can match on one field either way.
    public var name: String {
        if let kafkaErrorCode { return kafkaErrorCode.name }
        return code.rawValue.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" }
            result += character.uppercased()
        }
    }

    public var description: String { "\(name): \(message)" }

    /// An error for a Kafka error code a broker returned about `subject` (e.g. "topic 'orders'"), with the
    /// broker's own message when it sent one, Kafka's standard explanation otherwise, and a hint.
    public static func kafka(
        _ rawCode: Int16, subject: String, brokerMessage: String? = nil, withHint: Bool = true, file: String = #fileID,
        line: UInt = #line
    ) -> KafkaAdminError {
        let errorCode = KafkaErrorCode(rawValue: rawCode)
        var text = "\(subject): "
        if let brokerMessage, !brokerMessage.isEmpty {
            text += brokerMessage
        } else {
            text += errorCode.message ?? "the broker returned error code \(rawCode)"
        }
        if withHint, let hint = hint(for: errorCode) { text += " (\(hint))" }
        return KafkaAdminError(
            code: .kafka, kafkaErrorCode: errorCode, message: text, isRetriable: errorCode.isRetriable, file: file,
            line: line)
    }

    /// Throws `.kafka(...)` unless `rawCode` is 0.
    static func check(
        _ rawCode: Int16, subject: @autoclosure () -> String, brokerMessage: String? = nil, file: String = #fileID,
        line: UInt = #line
    ) throws(KafkaAdminError) {
        guard rawCode != 0 else { return }
        throw .kafka(rawCode, subject: subject(), brokerMessage: brokerMessage, file: file, line: line)
    }

    private static func hint(for code: KafkaErrorCode) -> String? {
        switch code {
        case .unknownTopicOrPartition: "check the name with `capstan kafka topics list`"
        case .invalidPartitions: "the partition count must be positive and, for createPartitions, larger than the current count"
        case .invalidReplicationFactor: "the replication factor must be positive and at most the number of brokers"
        case .topicAlreadyExists: "choose another name or delete the topic first"
        case .topicAuthorizationFailed, .clusterAuthorizationFailed, .groupAuthorizationFailed:
            "the principal lacks an ACL for this operation"
        case .saslAuthenticationFailed: "check the SASL username, password and mechanism"
        case .unsupportedVersion: "the broker is older or newer than this client expects"
        case .invalidConfig: "check the config name and value against the Kafka documentation"
        default: nil
        }
    }
}
