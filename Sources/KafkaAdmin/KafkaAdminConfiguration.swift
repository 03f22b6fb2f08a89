import Foundation

/// A broker's network address as advertised or configured ("host:port").
public struct KafkaBrokerAddress: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses "host:port" (IPv6 as "[::1]:9092"); throws naming the bad entry and the expected form.
    public init(parsing text: String) throws(KafkaAdminError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.lastIndex(of: ":"), let port = Int(trimmed[trimmed.index(after: colon)...]),
            (1...65535).contains(port)
        else {
            throw KafkaAdminError(
                code: .invalidArgument,
                message: "bootstrap address '\(text)' is not host:port with a port in 1...65535 (e.g. 127.0.0.1:9092)")
        }
        var host = String(trimmed[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else {
            throw KafkaAdminError(code: .invalidArgument, message: "bootstrap address '\(text)' has no host")
        }
        self.init(host: host, port: port)
    }

    /// Parses a comma-separated bootstrap list ("a:9092,b:9092").
    public static func parseList(_ text: String) throws(KafkaAdminError) -> [KafkaBrokerAddress] {
        let parts = text.split(separator: ",").map(String.init).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !parts.isEmpty else {
            throw KafkaAdminError(code: .invalidArgument, message: "the bootstrap list is empty; pass host:port[,host:port...]")
        }
        var result: [KafkaBrokerAddress] = []
        for part in parts { result.append(try KafkaBrokerAddress(parsing: part)) }
        return result
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// Everything the admin client needs to reach and authenticate to a cluster.
public struct KafkaAdminConfiguration: Sendable {
    /// Where to start: any reachable one is enough, the rest is learned from metadata.
    public var bootstrapServers: [KafkaBrokerAddress]
    /// Sent as the client id in every request header (shows in broker logs and quotas).
    public var clientId: String = "capstan-admin"
    /// How long one request may wait for its response before failing with `.timeout`.
    public var requestTimeout: Duration = .seconds(30)
    /// How long a TCP (and TLS) connect may take.
    public var connectTimeout: Duration = .seconds(10)
    /// Connection attempts per broker before giving up, with exponential backoff between them.
    public var connectAttempts: Int = 3
    /// The first reconnect delay; doubles per attempt up to `maximumBackoff`, with jitter.
    public var initialBackoff: Duration = .milliseconds(100)
    public var maximumBackoff: Duration = .seconds(5)
    /// The largest response frame accepted.
    public var maximumFrameSize: Int = 100 * 1024 * 1024
    /// TLS settings, nil for plaintext.
    public var tls: KafkaTLSConfiguration?
    /// SASL settings, nil for none.
    public var sasl: KafkaSASLConfiguration?
    /// Maps an advertised address to the one to dial: the sandbox maps service DNS names to local ports.
    /// Applied to bootstrap addresses too.
    public var addressMapper: @Sendable (KafkaBrokerAddress) -> KafkaBrokerAddress = { $0 }

    public init(bootstrapServers: [KafkaBrokerAddress]) {
        self.bootstrapServers = bootstrapServers
    }
}

/// TLS for broker connections: a custom CA and optionally a client certificate (mTLS). Files are PEM.
public struct KafkaTLSConfiguration: Sendable {
    /// CA bundle to trust; nil trusts the system roots.
    public var caFile: String?
    /// Client certificate chain and its key, for brokers that require client authentication.
    public var certificateFile: String?
    public var privateKeyFile: String?
    /// Skips hostname verification (for brokers whose certificates name their pod DNS only).
    public var verifyHostname: Bool = true

    public init(caFile: String? = nil, certificateFile: String? = nil, privateKeyFile: String? = nil) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
    }
}

/// SASL credentials and mechanism.
public struct KafkaSASLConfiguration: Sendable {
    public enum Mechanism: String, Sendable, CaseIterable {
        case plain = "PLAIN"
        case scramSHA256 = "SCRAM-SHA-256"
        case scramSHA512 = "SCRAM-SHA-512"
    }

    public var mechanism: Mechanism
    public var username: String
    public var password: String

    public init(mechanism: Mechanism, username: String, password: String) {
        self.mechanism = mechanism
        self.username = username
        self.password = password
    }
}
