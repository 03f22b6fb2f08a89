import Foundation
import KubernetesCore

/// What a credential plugin returned: a bearer token, a client certificate, or both.
struct ExecCredential: Sendable, Equatable {
    var token: String?
    var clientCertificatePEM: [UInt8]?
    var clientKeyPEM: [UInt8]?
    /// When the plugin must be asked again; nil means until the server rejects the credential (401).
    var expiration: Date?
}

/// Runs a credential plugin when a credential is needed and caches what it prints, like client-go's
/// exec authenticator: until `expirationTimestamp`, or until a 401 invalidates it. Concurrent requests
/// that need a fresh credential wait for one run of the plugin instead of starting several (an
/// interactive plugin must not prompt twice).
actor ExecCredentialProvider {
    let configuration: ExecPluginConfiguration
    private let now: @Sendable () -> Date
    private var cached: ExecCredential?
    private var running = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(configuration: ExecPluginConfiguration, now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.now = now
    }

    /// The cached credential when it is still valid, else a fresh one from the plugin.
    func credential() async throws(KubernetesError) -> ExecCredential {
        while running {
            await withCheckedContinuation { waiters.append($0) }
        }
        if let cached, cached.expiration.map({ $0 > now() }) ?? true {
            return cached
        }
        running = true
        defer {
            running = false
            let resumed = waiters
            waiters = []
            for waiter in resumed { waiter.resume() }
        }
        let fresh = try await ExecPluginRunner(configuration: configuration).run()
        cached = fresh
        return fresh
    }

    /// Forgets the cached credential (the server answered 401), so the next request runs the plugin.
    func invalidate() {
        cached = nil
    }
}
