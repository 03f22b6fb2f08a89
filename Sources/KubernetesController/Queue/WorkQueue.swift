import DequeModule
import Synchronization

/// A deduplicating, rate-limited work queue of keys with delayed adds, shared by a controller's workers.
///
/// - The same key is never handed to two workers at once; a key added while it is being processed is
///   processed again once, after the current pass (`done`).
/// - Failed keys come back after a per-key exponential backoff (5 ms .. 1000 s, jitter), no faster than an
///   overall token bucket (10 qps, burst 100) allows.
/// - Memory is bounded by the number of distinct keys.
///
/// Workers call `next()` (suspends until a key is ready; nil once shut down) and `done(_:)`; one task
/// must run `runTimer()` for delayed keys to become ready.
public final class WorkQueue<Key: Hashable & Sendable>: Sendable {
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<(key: Key, waited: Duration)?, Never>
    }

    private struct State {
        var queue: WorkQueueState<Key>
        var waiters = Deque<Waiter>()
        /// Waiters between taking an id and registering (or being served): only these can be cancelled
        /// "early", so only these are remembered in `cancelledWaiters` (no leak for served ones).
        var pendingWaiters = Set<UInt64>()
        var cancelledWaiters = Set<UInt64>()
        var nextWaiterID: UInt64 = 0
        var isShutDown = false
        /// Bumped whenever the earliest deadline moves earlier, to wake the timer.
        var timerGeneration: UInt64 = 0
        var timerWaiter: CheckedContinuation<Void, Never>?
    }

    private typealias Handoff = (continuation: CheckedContinuation<(key: Key, waited: Duration)?, Never>, item: (key: Key, waited: Duration)?)

    private let state: Mutex<State>
    let clock: any ControllerClock

    public init(
        backoff: ExponentialBackoff = .perItem, rateLimit: TokenBucket = TokenBucket(),
        clock: any ControllerClock = SystemControllerClock()
    ) {
        self.state = Mutex(State(queue: WorkQueueState(backoff: backoff, bucket: rateLimit)))
        self.clock = clock
    }

    // MARK: Adding

    /// Queues `key` now (no-op if already queued; marks it dirty if being processed).
    public func add(_ key: Key) {
        let now = clock.now
        let handoffs = state.withLock { state -> [Handoff] in
            guard !state.isShutDown else { return [] }
            state.queue.add(key, now: now)
            return Self.handOff(&state, now: now)
        }
        Self.resume(handoffs)
    }

    /// Queues `key` after `delay` (sooner if it is added again meanwhile).
    public func add(_ key: Key, after delay: Duration) {
        let now = clock.now
        let (handoffs, timer) = state.withLock { state -> ([Handoff], CheckedContinuation<Void, Never>?) in
            guard !state.isShutDown else { return ([], nil) }
            let moved = state.queue.add(key, after: delay, now: now)
            return (Self.handOff(&state, now: now), moved ? Self.bumpTimer(&state) : nil)
        }
        Self.resume(handoffs)
        timer?.resume()
    }

    /// Queues `key` after its backoff (failure count + 1) and the overall rate limit; returns the delay.
    /// `minimumDelay` honours a server's Retry-After.
    @discardableResult
    public func addRateLimited(_ key: Key, minimumDelay: Duration = .zero) -> Duration {
        let now = clock.now
        let (delay, timer) = state.withLock { state -> (Duration, CheckedContinuation<Void, Never>?) in
            guard !state.isShutDown else { return (.zero, nil) }
            let before = state.queue.earliestDeadline
            let delay = state.queue.addRateLimited(key, now: now, minimumDelay: minimumDelay)
            let after = state.queue.earliestDeadline
            return (delay, after != before ? Self.bumpTimer(&state) : nil)
        }
        timer?.resume()
        return delay
    }

    /// Resets the failure count of `key`.
    public func forget(_ key: Key) {
        state.withLock { $0.queue.forget(key) }
    }

    /// How many times `key` has failed in a row.
    public func failureCount(_ key: Key) -> Int {
        state.withLock { $0.queue.failureCount(key) }
    }

    // MARK: Processing

    /// The next ready key and how long it waited, suspending until one is ready; nil once shut down.
    /// The caller must call `done(_:)` with the key when finished.
    public func next() async -> (key: Key, waited: Duration)? {
        // A cancelled worker takes nothing (a key taken and then dropped would stay "processing").
        if Task.isCancelled { return nil }
        // Fast path: a ready key is taken without suspending.
        let now = clock.now
        let (ready, isShutDown, id) = state.withLock { state -> ((key: Key, waited: Duration)?, Bool, UInt64) in
            if state.isShutDown { return (nil, true, 0) }
            if let item = state.queue.take(now: now) { return (item, false, 0) }
            state.nextWaiterID += 1
            state.pendingWaiters.insert(state.nextWaiterID)
            return (nil, false, state.nextWaiterID)
        }
        if isShutDown { return nil }
        if let ready { return ready }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<(key: Key, waited: Duration)?, Never>) in
                let now = clock.now
                let immediate: (key: Key, waited: Duration)?? = state.withLock { state in
                    state.pendingWaiters.remove(id)
                    if state.isShutDown || state.cancelledWaiters.remove(id) != nil { return .some(nil) }
                    if let item = state.queue.take(now: now) { return .some(item) }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return .none
                }
                if case .some(let item) = immediate { continuation.resume(returning: item) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else {
                    if state.pendingWaiters.contains(id) { state.cancelledWaiters.insert(id) }
                    return nil
                }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: nil)
        }
    }

    /// Marks `key` processed; if it was added meanwhile it becomes ready again.
    public func done(_ key: Key) {
        let now = clock.now
        let handoffs = state.withLock { state -> [Handoff] in
            state.queue.done(key, now: now)
            return state.isShutDown ? [] : Self.handOff(&state, now: now)
        }
        Self.resume(handoffs)
    }

    /// Stops handing out keys: waiting and later `next()` calls return nil. Keys being processed finish
    /// normally (graceful drain); queued keys are abandoned (the next leader relists them anyway).
    public func shutDown() {
        let waiters = state.withLock { state -> [Waiter] in
            state.isShutDown = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters)
        }
        for waiter in waiters { waiter.continuation.resume(returning: nil) }
    }

    /// Keys waiting now or later (not counting those being processed).
    public var depth: Int { state.withLock { $0.queue.depth } }

    /// Keys being processed right now.
    public var processingCount: Int { state.withLock { $0.queue.processing.count } }

    /// Entries held for delayed keys (bounded by a small multiple of the distinct delayed keys).
    public var delayedEntryCount: Int { state.withLock { $0.queue.heapCount } }

    // MARK: Timer

    /// Makes delayed keys ready at their deadlines; runs until cancelled or shut down.
    public func runTimer() async {
        while !Task.isCancelled {
            let now = clock.now
            let (handoffs, deadline, generation, shutDown) = state.withLock { state in
                state.queue.promoteDue(now: now)
                return (Self.handOff(&state, now: now), state.queue.earliestDeadline, state.timerGeneration, state.isShutDown)
            }
            Self.resume(handoffs)
            if shutDown { return }
            await withTaskGroup(of: Void.self) { group in
                if let deadline {
                    group.addTask { [clock] in try? await clock.sleep(until: deadline) }
                }
                group.addTask { await self.waitForTimerChange(since: generation) }
                await group.next()
                group.cancelAll()
            }
        }
    }

    private func waitForTimerChange(since generation: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let changed = state.withLock { state -> Bool in
                    if state.timerGeneration != generation || state.isShutDown || Task.isCancelled { return true }
                    state.timerWaiter = continuation
                    return false
                }
                if changed { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                defer { state.timerWaiter = nil }
                return state.timerWaiter
            }
            waiter?.resume()
        }
    }

    private static func bumpTimer(_ state: inout State) -> CheckedContinuation<Void, Never>? {
        state.timerGeneration &+= 1
        defer { state.timerWaiter = nil }
        return state.timerWaiter
    }

    /// Gives ready keys directly to suspended workers.
    private static func handOff(_ state: inout State, now: ContinuousClock.Instant) -> [Handoff] {
        var handoffs: [Handoff] = []
        while !state.waiters.isEmpty, let item = state.queue.take(now: now) {
            let waiter = state.waiters.removeFirst()
            handoffs.append((waiter.continuation, item))
        }
        return handoffs
    }

    private static func resume(_ handoffs: [Handoff]) {
        for handoff in handoffs { handoff.continuation.resume(returning: handoff.item) }
    }
}
