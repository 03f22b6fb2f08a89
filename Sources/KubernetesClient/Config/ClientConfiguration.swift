/// Everything the client needs to reach one API server: where, how to authenticate, how to verify TLS,
/// and how hard it may push.
public struct ClientConfiguration: Sendable {
    /// Base URL, e.g. `https://10.0.0.1:6443` or `http://127.0.0.1:8080`.
    public var server: String
    /// Namespace used when a call does not name one (the kubeconfig context's, else `default`).
    public var namespace: String
    public var tls: TLSSettings
    public var authentication: Authentication
    /// Sustained requests per second allowed by the client-side rate limiter.
    public var queriesPerSecond: Double
    /// Requests that may be sent at once before the rate limiter starts spacing them.
    public var burst: Int
    /// Deadline of a non-watch request, including reading its body.
    public var requestTimeout: Duration
    /// Attempts for an idempotent request that hits 429/5xx or a connection error (1 = no retry).
    public var maxAttempts: Int
    public var userAgent: String

    public init(
        server: String, namespace: String = "default", tls: TLSSettings = TLSSettings(),
        authentication: Authentication = .none, queriesPerSecond: Double = 50, burst: Int = 100,
        requestTimeout: Duration = .seconds(30), maxAttempts: Int = 5, userAgent: String = "capstan"
    ) {
        self.server = server
        self.namespace = namespace
        self.tls = tls
        self.authentication = authentication
        self.queriesPerSecond = queriesPerSecond
        self.burst = burst
        self.requestTimeout = requestTimeout
        self.maxAttempts = maxAttempts
        self.userAgent = userAgent
    }
}

/// How the server's certificate is verified and which client certificate we present.
public struct TLSSettings: Sendable, Hashable {
    /// PEM of the CA bundle that signs the server's certificate; nil uses the system roots.
    public var certificateAuthorityPEM: [UInt8]?
    /// Skip verification entirely (kubeconfig `insecure-skip-tls-verify`). Never the default.
    public var insecureSkipVerify: Bool
    /// Client certificate chain (PEM) for mTLS authentication.
    public var clientCertificatePEM: [UInt8]?
    /// Private key (PEM) of the client certificate.
    public var clientKeyPEM: [UInt8]?
    /// SNI and verification name, when it differs from the server URL's host.
    public var serverName: String?

    public init(
        certificateAuthorityPEM: [UInt8]? = nil, insecureSkipVerify: Bool = false,
        clientCertificatePEM: [UInt8]? = nil, clientKeyPEM: [UInt8]? = nil, serverName: String? = nil
    ) {
        self.certificateAuthorityPEM = certificateAuthorityPEM
        self.insecureSkipVerify = insecureSkipVerify
        self.clientCertificatePEM = clientCertificatePEM
        self.clientKeyPEM = clientKeyPEM
        self.serverName = serverName
    }
}

/// How requests are authenticated (besides a client certificate, which is part of TLS).
public enum Authentication: Sendable, Hashable {
    case none
    /// A fixed bearer token.
    case bearerToken(String)
    /// A token read from a file and re-read when it may have rotated (service-account tokens are
    /// short-lived projected tokens that the kubelet refreshes in place).
    case bearerTokenFile(path: String)
    case basic(username: String, password: String)
    /// A credential plugin run on demand; its token (and client certificate, if it gives one) is cached
    /// until its `expirationTimestamp` and fetched again after a 401.
    case execPlugin(ExecPluginConfiguration)
}
