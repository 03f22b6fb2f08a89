import Foundation

/// Writes a kubeconfig for a running in-memory server, so `kubectl --kubeconfig FILE` (or any client)
/// talks to it.
public enum KubeconfigWriter {
    /// The token written for a server that admits everyone (`AuthenticationMode.open`) over HTTPS.
    public static let openAccessToken = "capstan-sandbox-open-access"

    /// The kubeconfig text for a server at `server` (e.g. `http://127.0.0.1:8080`); for an `https://` server,
    /// `certificateAuthorityPEM` is the CA clients must trust (written as `certificate-authority-data`).
    public static func kubeconfig(
        server: String, token: String? = nil, certificateAuthorityPEM: String? = nil,
        clusterName: String = "capstan-sandbox", namespace: String = "default"
    ) -> String {
        var user = "  user: {}"
        if let token {
            user = "  user:\n    token: \(token)"
        } else if server.hasPrefix("https://") {
            // kubectl asks for a username and password over HTTPS when the user has no credential; a
            // server in open mode admits every request, so any token does.
            user = "  user:\n    token: \(openAccessToken)"
        }
        var authority = ""
        if let certificateAuthorityPEM {
            authority = "\n    certificate-authority-data: \(Data(certificateAuthorityPEM.utf8).base64EncodedString())"
        }
        return """
            apiVersion: v1
            kind: Config
            clusters:
            - name: \(clusterName)
              cluster:
                server: \(server)\(authority)
            users:
            - name: \(clusterName)-admin
            \(user)
            contexts:
            - name: \(clusterName)
              context:
                cluster: \(clusterName)
                user: \(clusterName)-admin
                namespace: \(namespace)
            current-context: \(clusterName)

            """
    }

    /// Writes the kubeconfig for `server` to `path`, creating parent directories; owner-only permissions.
    public static func write(for server: APIServer, to path: String, namespace: String = "default") throws {
        var token: String?
        if case .tokens(let tokens, let admin) = server.configuration.authentication {
            token = tokens.first { $0.value == admin }?.key
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(kubeconfig(
            server: server.baseURL, token: token, certificateAuthorityPEM: server.certificates?.certificateAuthorityPEM, namespace: namespace).utf8).write(to: url, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
}
