/// How a request reaches a server whose certificate is checked against another name (kubeconfig
/// `tls-server-name`): the URL names `serverName` (which sets SNI and the name verified) and the
/// connection goes to the server's real host.
struct ServerNameOverride: Equatable {
    /// The base URL with its host replaced by the server name.
    var url: String
    /// Where to connect: the server URL's host (without brackets for IPv6).
    var connectHost: String
    /// The `Host` header of the original URL (`host[:port]`).
    var hostHeader: String

    /// Nil when the URL is not `https://` or already names `serverName`.
    init?(url: String, serverName: String) {
        let scheme = "https://"
        guard url.hasPrefix(scheme) else { return nil }
        let rest = url.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        var host: Substring
        var port: Substring = ""
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            port = authority[authority.index(after: close)...]
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = authority[colon...]
        } else {
            host = authority
        }
        guard host != serverName, !host.isEmpty else { return nil }
        // Without an explicit port the URL's default (443) still applies after the host is replaced.
        self.url = scheme + serverName + port + path
        self.connectHost = String(host)
        self.hostHeader = String(authority)
    }
}
