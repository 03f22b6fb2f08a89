import Foundation
import Synchronization

/// Supplies the `Authorization` header, re-reading a token file when it may have rotated.
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

    init(authentication: Authentication, refreshInterval: Duration = .seconds(60)) {
        self.authentication = authentication
        self.refreshInterval = refreshInterval
    }

    /// The header value, or nil when the configuration has no token or basic credentials.
    func authorizationHeader() throws(KubernetesError) -> String? {
        switch authentication {
        case .none:
            return nil
        case .bearerToken(let token):
            return "Bearer \(token)"
        case .basic(let username, let password):
            return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        case .bearerTokenFile(let path):
            return "Bearer " + (try token(fromFile: path))
        }
    }

    /// Forgets a cached file token, so the next request reads the file again (after a 401).
    func invalidate() {
        cache.withLock { $0 = Cache() }
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
