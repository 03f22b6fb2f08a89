/// An overall rate limit on retries (controller-runtime's 10 qps with a burst of 100): each retry reserves
/// a token and is delayed until the token would be available, so a mass failure cannot turn into a
/// request storm however many keys fail at once.
public struct TokenBucket: Sendable, Hashable {
    public var ratePerSecond: Double
    public var burst: Int
    private var tokens: Double
    private var updated: ContinuousClock.Instant?

    public init(ratePerSecond: Double = 10, burst: Int = 100) {
        self.ratePerSecond = max(ratePerSecond, 0.001)
        self.burst = max(burst, 1)
        self.tokens = Double(self.burst)
    }

    /// Takes a token (possibly going into debt) and returns how long the caller must wait for it.
    public mutating func reserve(now: ContinuousClock.Instant) -> Duration {
        if let updated {
            let refill = updated.duration(to: now).secondsDouble * ratePerSecond
            tokens = min(Double(burst), tokens + max(refill, 0))
        }
        updated = now
        tokens -= 1
        guard tokens < 0 else { return .zero }
        return .nanoseconds(Int64(-tokens / ratePerSecond * 1e9))
    }
}

extension TokenBucket {
    /// Takes a token if one is available now; never goes into debt.
    public mutating func tryTake(now: ContinuousClock.Instant) -> Bool {
        if let updated {
            let refill = updated.duration(to: now).secondsDouble * ratePerSecond
            tokens = min(Double(burst), tokens + max(refill, 0))
        }
        updated = now
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
