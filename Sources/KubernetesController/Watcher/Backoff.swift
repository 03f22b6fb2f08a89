/// Exponential backoff with jitter: `base * 2^(attempt-1)`, capped at `maximum`, then scaled by a random
/// factor in `1 - jitter ... 1` so that many clients failing together do not retry in lockstep.
public struct ExponentialBackoff: Sendable, Hashable {
    public var base: Duration
    public var maximum: Duration
    /// Fraction of the delay that is randomised (0: none, 0.5: between half and the full delay).
    public var jitter: Double

    public init(base: Duration, maximum: Duration, jitter: Double = 0.5) {
        self.base = base
        self.maximum = maximum
        self.jitter = min(max(jitter, 0), 1)
    }

    /// controller-runtime's per-item rate limiter: 5 ms doubling up to 1000 s.
    public static let perItem = ExponentialBackoff(base: .milliseconds(5), maximum: .seconds(1000), jitter: 0.2)
    /// The watcher's backoff between failed list/watch attempts: 800 ms doubling up to 30 s.
    public static let watcher = ExponentialBackoff(base: .milliseconds(800), maximum: .seconds(30), jitter: 0.5)

    /// The undelayed (jitter-free) delay before retry number `attempt` (1-based).
    public func ceiling(attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 62)
        let baseSeconds = base.secondsDouble
        let seconds = min(baseSeconds * Double(sign: .plus, exponent: exponent, significand: 1), maximum.secondsDouble)
        return .nanoseconds(Int64(seconds * 1e9))
    }

    /// The delay before retry number `attempt`, with jitter.
    public func delay(attempt: Int) -> Duration {
        let ceiling = ceiling(attempt: attempt)
        guard jitter > 0 else { return ceiling }
        let factor = Double.random(in: (1 - jitter)...1)
        return .nanoseconds(Int64(ceiling.secondsDouble * factor * 1e9))
    }
}
