import Foundation
import Synchronization

/// The credentials one request carries: its `Authorization` header and, from a credential plugin, a
/// client certificate to present in the TLS handshake.
struct RequestCredentials: Sendable {
    var authorization: String?
    var clientCertificate: (certificatePEM: [UInt8], keyPEM: [UInt8])?
}

/// Supplies the `Authorization` header, re-reading a token file when it may have rotated, and running
/// a credential plugin when its credential is missing or expired.
///
/// Projected service-account tokens expire (one hour by default) and the kubelet rewrites the file in
/// place; like client-go we re-read it at most once a minute, and at once after a 401.
final class BearerTokenSource: Sendable {
    private struct Cache {
        var token: String?
        var readAt: ContinuousClock.Instant?
    }

    private let authentication: Authentication
    private let refreshInterval: Duration
    private let cache = Mutex(Cache())
    private let plugin: ExecCredentialProvider?

    init(authentication: Authentication, refreshInterval: Duration = .seconds(60)) {
        self.authentication = authentication
        self.refreshInterval = refreshInterval
        if case .execPlugin(let configuration) = authentication {
            plugin = ExecCredentialProvider(configuration: configuration)
        } else {
            plugin = nil
        }
    }

    /// The credentials for the next request.
    func credentials() async throws(KubernetesError) -> RequestCredentials {
        switch authentication {
        case .none:
            return RequestCredentials()
        case .bearerToken(let token):
            return RequestCredentials(authorization: "Bearer \(token)")
        case .basic(let username, let password):
            return RequestCredentials(authorization: "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())
        case .bearerTokenFile(let path):
            return RequestCredentials(authorization: "Bearer " + (try token(fromFile: path)))
        case .execPlugin:
            guard let plugin else { return RequestCredentials() }
            let credential = try await plugin.credential()
            var result = RequestCredentials(authorization: credential.token.map { "Bearer \($0)" })
            if let certificate = credential.clientCertificatePEM, let key = credential.clientKeyPEM {
                result.clientCertificate = (certificate, key)
            }
            return result
        }
    }

    /// Forgets a cached file token or plugin credential, so the next request fetches it again (after a
    /// 401).
    func invalidate() async {
        cache.withLock { $0 = Cache() }
        await plugin?.invalidate()
    }

    private func token(fromFile path: String) throws(KubernetesError) -> String {
        let now = ContinuousClock.now
        if let cached = cache.withLock({ cache -> String? in
            guard let token = cache.token, let readAt = cache.readAt, now - readAt < refreshInterval else { return nil }
            return token
        }) {
            return cached
        }
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw KubernetesError(code: .configuration, message: "token file \(path) cannot be read")
        }
        let token = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else {
            throw KubernetesError(code: .configuration, message: "token file \(path) is empty")
        }
        cache.withLock { $0 = Cache(token: token, readAt: now) }
        return token
    }
}
