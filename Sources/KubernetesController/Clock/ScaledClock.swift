import KubernetesCore

/// A clock that runs `factor` times faster than real time: with a factor of 20, a 15 s lease lasts
/// 0.75 s of real time. For end-to-end tests over real HTTP (where a `TestClock` cannot be advanced by
/// hand because the other side runs on its own) and for a fast-forwarded sandbox. All runtime timings
/// scale together, so their ratios — which the safety arguments rely on — are preserved.
public struct ScaledClock: ControllerClock {
    public let factor: Double
    private let realStart: ContinuousClock.Instant
    private let wallStart: MicroTime

    public init(factor: Double) {
        self.factor = max(factor, 1)
        self.realStart = ContinuousClock.now
        self.wallStart = SystemControllerClock().wallTime
    }

    /// Simulated now: the real time elapsed since creation, scaled.
    public var now: ContinuousClock.Instant {
        realStart.advanced(by: realStart.duration(to: ContinuousClock.now) * factor)
    }

    public var wallTime: MicroTime {
        let elapsed = realStart.duration(to: ContinuousClock.now) * factor
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        return MicroTime(microsecondsSinceEpoch: wallStart.microsecondsSinceEpoch + micros)
    }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        let remaining = now.duration(to: deadline)
        guard remaining > .zero else { return }
        try await ContinuousClock().sleep(for: remaining / factor, tolerance: nil)
    }
}
