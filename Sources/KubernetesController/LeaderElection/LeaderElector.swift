import Logging
import Synchronization

/// Leader election on a Lease: campaigns until it holds the lease, then runs the leader's work while
/// renewing it every `retryPeriod`. If no renewal succeeds within `renewDeadline`, the work is cancelled
/// (and awaited) before `whileLeader` throws — and since renewDeadline < leaseDuration, that happens
/// before any other replica may consider the lease expired.
public final class LeaderElector: Sendable {
    public let identity: String
    public let configuration: LeaderElectionConfiguration
    let lock: any LeaseLock
    let clock: any ControllerClock
    let logger: Logger
    private let state: Mutex<LeaderElectionState>

    public init(
        lock: any LeaseLock, identity: String, configuration: LeaderElectionConfiguration = .init(),
        clock: any ControllerClock = SystemControllerClock(), logger: Logger = Logger(label: "capstan.controller.leader")
    ) throws(LeaderElectionError) {
        try configuration.validate()
        self.lock = lock
        self.identity = identity
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.state = Mutex(LeaderElectionState(identity: identity, configuration: configuration))
    }

    /// True while this replica holds a lease renewed within the renew deadline.
    public var isLeader: Bool {
        let now = clock.now
        return state.withLock { $0.isLeader(now: now) }
    }

    /// Campaigns until leader, then runs `work` while renewing. Returns when `work` returns (the lease is
    /// then released so a successor need not wait for it to expire). Throws `LeaderElectionError` when
    /// leadership is lost (after `work` was cancelled and finished), and `CancellationError` when
    /// cancelled while campaigning.
    public func whileLeader(_ work: @escaping @Sendable () async throws -> Void) async throws {
        try await campaign()
        try await lead(work)
    }

    /// Runs `work` while renewing a lease this replica already holds (after `campaign()`); see
    /// `whileLeader`.
    public func lead(_ work: @escaping @Sendable () async throws -> Void) async throws {
        logger.info("became leader", metadata: ["identity": "\(identity)"])
        let workFinished = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await work()
                return true
            }
            group.addTask {
                try await self.renewUntilLost()
                return false
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { return false }
            return first
        }
        if workFinished && isLeader {
            await release()
        } else {
            logger.error("leadership lost, controllers stopped", metadata: ["identity": "\(identity)"])
            throw LeaderElectionError.lost(renewDeadline: configuration.renewDeadline)
        }
    }

    /// Tries every `retryPeriod` (with jitter) until the lease is ours; throws `CancellationError` if
    /// cancelled first.
    public func campaign() async throws {
        while true {
            try Task.checkCancellation()
            do {
                if try await tryAcquireOrRenew() { return }
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                logger.warning("cannot acquire lease", metadata: ["error": "\(error)"])
            }
            try await clock.sleep(for: jittered(configuration.retryPeriod))
        }
    }

    /// Renews every `retryPeriod`; returns when leadership is lost. A renewal that hangs (paused API
    /// server) is abandoned at the renew deadline.
    func renewUntilLost() async throws {
        while true {
            try await clock.sleep(for: configuration.retryPeriod)
            guard let deadline = state.withLock({ $0.renewDeadlineInstant }) else { return }
            let renewed = await attemptRenewal(before: deadline)
            if !renewed && clock.now >= deadline { return }
            if !renewed {
                logger.warning("lease renewal failed, retrying until the renew deadline")
            }
        }
    }

    private func attemptRenewal(before deadline: ContinuousClock.Instant) async -> Bool {
        await withTaskGroup(of: Bool?.self) { group in
            group.addTask {
                do { return try await self.tryAcquireOrRenew() } catch { return false }
            }
            group.addTask {
                do { try await self.clock.sleep(until: deadline) } catch { return nil }
                return false
            }
            defer { group.cancelAll() }
            while let result = await group.next() {
                if let result { return result }
            }
            return false
        }
    }

    /// One round of client-go's tryAcquireOrRenew. True when we hold the lease afterwards.
    func tryAcquireOrRenew() async throws -> Bool {
        let current = try await lock.get()
        let now = clock.now
        let wallTime = clock.wallTime
        let decision = state.withLock { $0.decide(current: current, now: now, wallTime: wallTime) }
        switch decision {
        case .wait:
            return false
        case .create(let record):
            _ = try await lock.create(record)
            // The write began at `now`: that is the conservative start of our lease.
            state.withLock { $0.written(record, now: now) }
            return true
        case .update(let record, let version):
            _ = try await lock.update(record, resourceVersion: version)
            state.withLock { $0.written(record, now: now) }
            return true
        }
    }

    /// Gives the lease up (holder cleared, 1 s duration) so a successor can take it at once.
    func release() async {
        guard isLeader, let current = try? await lock.get(), current.record.holderIdentity == identity else { return }
        var record = current.record
        record.holderIdentity = ""
        record.leaseDurationSeconds = 1
        record.renewTime = clock.wallTime
        do {
            _ = try await lock.update(record, resourceVersion: current.resourceVersion)
            let now = clock.now
            state.withLock { $0.written(record, now: now) }
            logger.info("released the lease")
        } catch {
            logger.warning("cannot release the lease; it expires on its own", metadata: ["error": "\(error)"])
        }
    }

    private func jittered(_ period: Duration) -> Duration {
        period + .nanoseconds(Int64(period.secondsDouble * 1e9 * Double.random(in: 0..<0.2)))
    }
}
