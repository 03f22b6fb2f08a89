import KubernetesCore

/// The time source of the controller runtime: queue backoff, delayed requeues, resync, leader election
/// and reconcile deadlines all read it, so tests substitute `TestClock` and advance time by hand instead
/// of waiting.
public protocol ControllerClock: Sendable {
    /// Monotonic now; durations between two readings are exact, whatever the wall clock does.
    var now: ContinuousClock.Instant { get }
    /// Wall-clock time, for fields other processes read (Lease renew times, Event timestamps).
    var wallTime: MicroTime { get }
    /// Suspends until `deadline`; throws `CancellationError` if the task is cancelled first.
    func sleep(until deadline: ContinuousClock.Instant) async throws
}

extension ControllerClock {
    /// Suspends for `duration` from now.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now.advanced(by: duration))
    }
}

/// The production clock: `ContinuousClock` for intervals, the system clock for timestamps.
public struct SystemControllerClock: ControllerClock {
    public init() {}

    public var now: ContinuousClock.Instant { ContinuousClock.now }

    public var wallTime: MicroTime {
        let since1970 = Duration.nanosecondsSince1970()
        return MicroTime(microsecondsSinceEpoch: since1970 / 1000)
    }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await ContinuousClock().sleep(until: deadline, tolerance: nil)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Duration {
    /// Nanoseconds since the Unix epoch from the realtime clock.
    fileprivate static func nanosecondsSince1970() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}

extension Duration {
    /// The duration in seconds as a Double, for metrics and jitter arithmetic.
    var secondsDouble: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
