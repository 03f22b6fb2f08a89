import DequeModule
import HeapModule

/// The work queue's bookkeeping as a value type (no locks, no clock, no I/O): what is ready, what is
/// being processed, what changed while processed, what waits for a deadline, and how often each key
/// failed.
///
/// Invariants: a key is in at most one of `ready` and `processing` at a time, so it is never handed to
/// two workers; a key added while processing is remembered in `dirty` and made ready when `done`; memory
/// is one entry per distinct key (plus stale heap entries, compacted when they dominate).
struct WorkQueueState<Key: Hashable & Sendable>: Sendable {
    private struct DelayedEntry: Comparable, Sendable {
        var deadline: ContinuousClock.Instant
        var sequence: UInt64
        var key: Key

        static func < (lhs: Self, rhs: Self) -> Bool {
            (lhs.deadline, lhs.sequence) < (rhs.deadline, rhs.sequence)
        }
        static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.deadline == rhs.deadline && lhs.sequence == rhs.sequence
        }
    }

    private(set) var ready = Deque<Key>()
    /// When each ready key became ready (for the queue-latency metric).
    private var readySince: [Key: ContinuousClock.Instant] = [:]
    private(set) var processing = Set<Key>()
    private(set) var dirty = Set<Key>()
    private var delayed: [Key: ContinuousClock.Instant] = [:]
    private var heap = Heap<DelayedEntry>()
    private var sequence: UInt64 = 0
    private var failures: [Key: Int] = [:]
    private var bucket: TokenBucket
    let backoff: ExponentialBackoff

    init(backoff: ExponentialBackoff, bucket: TokenBucket) {
        self.backoff = backoff
        self.bucket = bucket
    }

    /// Keys waiting to be processed now or later (not counting those being processed).
    var depth: Int { ready.count + delayed.count }
    var delayedCount: Int { delayed.count }
    var heapCount: Int { heap.count }
    func failureCount(_ key: Key) -> Int { failures[key] ?? 0 }

    /// Makes `key` ready now, unless it already is; a key being processed is marked dirty instead.
    mutating func add(_ key: Key, now: ContinuousClock.Instant) {
        if processing.contains(key) {
            dirty.insert(key)
            return
        }
        guard readySince[key] == nil else { return }
        delayed.removeValue(forKey: key)
        ready.append(key)
        readySince[key] = now
    }

    /// Makes `key` ready at `now + delay`, unless it is ready or due sooner already.
    /// Returns true when this moved the earliest deadline (the timer must be re-armed).
    @discardableResult
    mutating func add(_ key: Key, after delay: Duration, now: ContinuousClock.Instant) -> Bool {
        guard delay > .zero else {
            add(key, now: now)
            return false
        }
        guard readySince[key] == nil else { return false }
        let deadline = now.advanced(by: delay)
        if let existing = delayed[key], existing <= deadline { return false }
        let previousEarliest = earliestDeadline
        delayed[key] = deadline
        sequence += 1
        heap.insert(DelayedEntry(deadline: deadline, sequence: sequence, key: key))
        compactIfMostlyStale()
        return previousEarliest.map { deadline < $0 } ?? true
    }

    /// Records a failure of `key` and schedules it after the larger of its own exponential backoff and
    /// the overall rate limit. Returns the delay chosen.
    mutating func addRateLimited(_ key: Key, now: ContinuousClock.Instant, minimumDelay: Duration = .zero) -> Duration {
        let attempt = (failures[key] ?? 0) + 1
        failures[key] = attempt
        let delay = max(backoff.delay(attempt: attempt), bucket.reserve(now: now), minimumDelay)
        add(key, after: delay, now: now)
        return delay
    }

    /// Clears the failure count of `key` (after a success).
    mutating func forget(_ key: Key) {
        failures.removeValue(forKey: key)
    }

    /// Moves every key whose deadline has passed to `ready`.
    mutating func promoteDue(now: ContinuousClock.Instant) {
        while let top = heap.min, top.deadline <= now {
            heap.removeMin()
            guard delayed[top.key] == top.deadline else { continue }
            delayed.removeValue(forKey: top.key)
            add(top.key, now: now)
        }
    }

    /// The next deadline of a delayed key, skipping superseded heap entries.
    var earliestDeadline: ContinuousClock.Instant? {
        mutating get {
            while let top = heap.min, delayed[top.key] != top.deadline { heap.removeMin() }
            return heap.min?.deadline
        }
    }

    /// Takes the next ready key for processing, with how long it waited.
    mutating func take(now: ContinuousClock.Instant) -> (key: Key, waited: Duration)? {
        guard let key = ready.popFirst() else { return nil }
        let since = readySince.removeValue(forKey: key) ?? now
        processing.insert(key)
        return (key, since.duration(to: now))
    }

    /// Processing of `key` finished; if it changed meanwhile it is ready again.
    mutating func done(_ key: Key, now: ContinuousClock.Instant) {
        processing.remove(key)
        if dirty.remove(key) != nil { add(key, now: now) }
    }

    private mutating func compactIfMostlyStale() {
        guard heap.count > 64, heap.count > 2 * delayed.count else { return }
        heap = Heap(delayed.map { key, deadline in
            sequence += 1
            return DelayedEntry(deadline: deadline, sequence: sequence, key: key)
        })
    }
}
