import KubernetesCore

/// Timing of leader election (controller-runtime's defaults: 15 s / 10 s / 2 s).
public struct LeaderElectionConfiguration: Sendable, Hashable {
    /// How long a lease is valid after its last observed change; others wait this long to take over.
    public var leaseDuration: Duration
    /// A leader that could not renew for this long gives up (must be < leaseDuration, so it stops
    /// before anyone else can start).
    public var renewDeadline: Duration
    /// Time between attempts to acquire or renew.
    public var retryPeriod: Duration

    public init(leaseDuration: Duration = .seconds(15), renewDeadline: Duration = .seconds(10), retryPeriod: Duration = .seconds(2)) {
        self.leaseDuration = leaseDuration
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
    }

    /// Checks the ordering the safety argument needs; the error names the field and the fix.
    public func validate() throws(LeaderElectionError) {
        guard renewDeadline < leaseDuration else {
            throw LeaderElectionError(
                message: "leaderElection.renewDeadline (\(renewDeadline)) must be shorter than leaseDuration (\(leaseDuration)), or a stalled leader could act after another replica took over; lower renewDeadline")
        }
        guard retryPeriod < renewDeadline else {
            throw LeaderElectionError(
                message: "leaderElection.retryPeriod (\(retryPeriod)) must be shorter than renewDeadline (\(renewDeadline)), or a single failed renewal loses the lease; lower retryPeriod")
        }
    }
}

/// Why leader election stopped.
public struct LeaderElectionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public static func lost(renewDeadline: Duration) -> Self {
        Self(message: "leadership lost: the lease could not be renewed within the renew deadline (\(renewDeadline)); controllers were stopped")
    }
}

/// The elector's decisions as a value type (client-go's tryAcquireOrRenew), fed the lease as read and
/// the local monotonic time; no I/O.
///
/// Expiry is judged by when *this* process last saw the record change, never by the holder's
/// `renewTime`: clocks of different machines disagree, a local stopwatch does not.
public struct LeaderElectionState: Sendable {
    public enum Decision: Sendable, Equatable {
        /// No lease yet: create it holding it.
        case create(LeaseRecord)
        /// Write this record if the lease is still at `resourceVersion` (renewal or takeover).
        case update(LeaseRecord, resourceVersion: String)
        /// Someone else holds a lease that has not expired by our observation.
        case wait(holder: String)
    }

    public let identity: String
    public let configuration: LeaderElectionConfiguration
    private(set) var observedRecord: LeaseRecord?
    private(set) var observedAt: ContinuousClock.Instant?
    /// When our last successful write as holder happened (local time).
    public private(set) var lastRenewal: ContinuousClock.Instant?

    public init(identity: String, configuration: LeaderElectionConfiguration) {
        self.identity = identity
        self.configuration = configuration
    }

    /// Decides what to write given the lease as just read (`current` nil: it does not exist).
    public mutating func decide(
        current: (record: LeaseRecord, resourceVersion: String)?, now: ContinuousClock.Instant, wallTime: MicroTime
    ) -> Decision {
        let leaseSeconds = Int32(configuration.leaseDuration.components.seconds)
        guard let current else {
            return .create(
                LeaseRecord(holderIdentity: identity, leaseDurationSeconds: leaseSeconds, acquireTime: wallTime, renewTime: wallTime))
        }
        if observedRecord != current.record {
            observedRecord = current.record
            observedAt = now
        }
        let record = current.record
        if !record.holderIdentity.isEmpty, record.holderIdentity != identity {
            let duration = record.leaseDurationSeconds > 0 ? Duration.seconds(Int64(record.leaseDurationSeconds)) : configuration.leaseDuration
            if let observedAt, now < observedAt.advanced(by: duration) {
                return .wait(holder: record.holderIdentity)
            }
        }
        var next = record
        next.leaseDurationSeconds = leaseSeconds
        next.renewTime = wallTime
        if record.holderIdentity != identity {
            next.holderIdentity = identity
            next.acquireTime = wallTime
            next.leaseTransitions = record.holderIdentity.isEmpty && record.leaseTransitions == 0 ? 0 : record.leaseTransitions + 1
        }
        return .update(next, resourceVersion: current.resourceVersion)
    }

    /// Our write of `record` succeeded at local time `now`.
    public mutating func written(_ record: LeaseRecord, now: ContinuousClock.Instant) {
        observedRecord = record
        observedAt = now
        lastRenewal = record.holderIdentity == identity ? now : nil
    }

    /// True while our last renewal is younger than the renew deadline: only then may we act.
    public func isLeader(now: ContinuousClock.Instant) -> Bool {
        guard let lastRenewal, observedRecord?.holderIdentity == identity else { return false }
        return now < lastRenewal.advanced(by: configuration.renewDeadline)
    }

    /// The instant after which we must consider leadership lost.
    public var renewDeadlineInstant: ContinuousClock.Instant? {
        lastRenewal?.advanced(by: configuration.renewDeadline)
    }
}
