import Synchronization

/// Client-side token bucket (client-go's default limiter): `burst` requests may go at once, after that
/// one every 1/qps seconds. Callers reserve a slot and sleep until it, so waiting costs no polling.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updatedAt: ContinuousClock.Instant
    }

    public let queriesPerSecond: Double
    public let burst: Int
    private let bucket: Mutex<Bucket>
    private let clock = ContinuousClock()

    public init(queriesPerSecond: Double, burst: Int) {
        self.queriesPerSecond = queriesPerSecond
        self.burst = max(1, burst)
        self.bucket = Mutex(Bucket(tokens: Double(max(1, burst)), updatedAt: ContinuousClock.now))
    }

    /// How long the caller must wait before sending, having taken its token. Tokens can go negative:
    /// that is a queue of reservations, each one 1/qps later than the previous.
    func reserve() -> Duration {
        guard queriesPerSecond > 0 else { return .zero }
        let now = clock.now
        return bucket.withLock { bucket in
            let elapsed = now - bucket.updatedAt
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(Double(burst), bucket.tokens + seconds * queriesPerSecond)
            bucket.updatedAt = now
            bucket.tokens -= 1
            if bucket.tokens >= 0 { return .zero }
            return .seconds(-bucket.tokens / queriesPerSecond)
        }
    }

    /// Waits for a slot; throws if the task is cancelled while waiting.
    public func acquire() async throws {
        let wait = reserve()
        if wait > .zero {
            try await Task.sleep(for: wait)
        }
    }
}
