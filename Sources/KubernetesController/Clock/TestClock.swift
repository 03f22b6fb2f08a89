import KubernetesCore
import Synchronization

/// A clock that only moves when told to, so tests of backoff, resync and leader election run instantly
/// and deterministically.
///
/// Sleepers are resumed by `advance(by:)` in deadline order; `waitForSleepers(atLeast:)` lets a test wait
/// (by event, not by polling) until the code under test has gone to sleep before advancing.
public final class TestClock: ControllerClock {
    private struct Sleeper {
        var id: UInt64
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: ContinuousClock.Instant
        var elapsed: Duration = .zero
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
        var sleeperWaiters: [(condition: @Sendable ([Duration]) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
        var cancelledBeforeRegistering: Set<UInt64> = []
    }

    private let state: Mutex<State>
    private let wallStart: MicroTime
    /// The instant this clock started at; sleeper deadlines are reported relative to it.
    public let start: ContinuousClock.Instant

    /// `wallStart`: the wall-clock time reported before any advance.
    public init(wallStart: MicroTime = MicroTime(microsecondsSinceEpoch: 1_800_000_000_000_000)) {
        let start = ContinuousClock.now
        self.start = start
        self.state = Mutex(State(now: start))
        self.wallStart = wallStart
    }

    public var now: ContinuousClock.Instant { state.withLock { $0.now } }

    public var wallTime: MicroTime {
        let elapsed = state.withLock { $0.elapsed }
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        return MicroTime(microsecondsSinceEpoch: wallStart.microsecondsSinceEpoch + micros)
    }

    /// How many tasks are sleeping on this clock right now.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: (any Error)?? = state.withLock { state in
                    if state.cancelledBeforeRegistering.remove(id) != nil { return .some(CancellationError()) }
                    if deadline <= state.now { return .some(nil) }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    notifySleeperWaiters(&state)
                    return .none
                }
                switch resumeNow {
                case .some(.some(let error)): continuation.resume(throwing: error)
                case .some(.none): continuation.resume()
                case .none: break
                }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelledBeforeRegistering.insert(id)
                    return nil
                }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward and wakes every sleeper whose deadline has come, earliest first.
    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            state.elapsed += duration
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Advances to the earliest sleeper's deadline (if any) and wakes it; returns false when none sleep.
    @discardableResult
    public func advanceToNextDeadline() -> Bool {
        let next = state.withLock { state in state.sleepers.map(\.deadline).min().map { state.now.duration(to: $0) } }
        guard let next else { return false }
        advance(by: max(next, .zero))
        return true
    }

    /// Returns once at least `count` tasks are sleeping on this clock.
    public func waitForSleepers(atLeast count: Int) async {
        await waitForSleepers { $0.count >= count }
    }

    /// Returns once some task sleeps until exactly `offset` after the clock's start (e.g. a retry
    /// scheduled for t = 4 s), which tells a test precisely which step the code under test reached.
    public func waitForSleeper(until offset: Duration) async {
        await waitForSleepers { $0.contains(offset) }
    }

    /// Returns once the deadlines of the current sleepers (as offsets from `start`) satisfy `condition`.
    public func waitForSleepers(where condition: @escaping @Sendable ([Duration]) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if condition(offsets(state)) { return true }
                state.sleeperWaiters.append((condition, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private func offsets(_ state: State) -> [Duration] {
        state.sleepers.map { start.duration(to: $0.deadline) }
    }

    private func notifySleeperWaiters(_ state: inout State) {
        let current = offsets(state)
        var remaining: [(condition: @Sendable ([Duration]) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
        for waiter in state.sleeperWaiters {
            if waiter.condition(current) { waiter.continuation.resume() } else { remaining.append(waiter) }
        }
        state.sleeperWaiters = remaining
    }
}
