/// What one client connection has established with a simulated broker: where it is in the SASL exchange
/// and, once authenticated, its principal (`User:name`; `User:ANONYMOUS` on a PLAINTEXT listener).
struct BrokerSession: Sendable {
    enum Authentication: Sendable {
        /// PLAINTEXT listener, or SASL done: requests are served.
        case established
        /// SASL listener: only ApiVersions and SaslHandshake are accepted.
        case awaitingHandshake
        /// SaslHandshake chose this mechanism: SaslAuthenticate rounds follow.
        case authenticating(mechanism: String, scram: ScramServerExchange?)
    }

    var authentication: Authentication
    var principal = "User:ANONYMOUS"

    init(requiresSASL: Bool) {
        authentication = requiresSASL ? .awaitingHandshake : .established
    }
}
