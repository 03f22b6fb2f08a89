import KubernetesController
import KubernetesCore
import Synchronization
import Testing

@Suite struct LeaderElectionStateTests {
    let config = LeaderElectionConfiguration()
    let wall = MicroTime(microsecondsSinceEpoch: 1)

    @Test func aMissingLeaseIsCreatedHeldByUs() {
        var state = LeaderElectionState(identity: "a", configuration: config)
        guard case .create(let record) = state.decide(current: nil, now: .now, wallTime: wall) else {
            Issue.record("expected create"); return
        }
        #expect(record.holderIdentity == "a" && record.leaseDurationSeconds == 15)
    }

    @Test func expiryIsJudgedByLocalObservationNotTheHoldersClock() {
        var state = LeaderElectionState(identity: "b", configuration: config)
        let start = ContinuousClock.now
        // The holder's renewTime is far in the past by its own clock: irrelevant.
        let held = LeaseRecord(holderIdentity: "a", leaseDurationSeconds: 15, renewTime: MicroTime(microsecondsSinceEpoch: 0))
        #expect(state.decide(current: (held, "1"), now: start, wallTime: wall) == .wait(holder: "a"))
        #expect(state.decide(current: (held, "1"), now: start.advanced(by: .seconds(14)), wallTime: wall) == .wait(holder: "a"))
        // Unchanged for a full lease duration since *we* first saw it: take over.
        guard case .update(let takeover, let version) = state.decide(current: (held, "1"), now: start.advanced(by: .seconds(15)), wallTime: wall) else {
            Issue.record("expected a takeover"); return
        }
        #expect(takeover.holderIdentity == "b" && version == "1" && takeover.leaseTransitions == 1)
    }

    @Test func aRenewedLeaseRestartsTheObservationWindow() {
        var state = LeaderElectionState(identity: "b", configuration: config)
        let start = ContinuousClock.now
        var held = LeaseRecord(holderIdentity: "a", leaseDurationSeconds: 15, renewTime: MicroTime(microsecondsSinceEpoch: 1))
        _ = state.decide(current: (held, "1"), now: start, wallTime: wall)
        held.renewTime = MicroTime(microsecondsSinceEpoch: 2)
        #expect(state.decide(current: (held, "2"), now: start.advanced(by: .seconds(10)), wallTime: wall) == .wait(holder: "a"))
        #expect(state.decide(current: (held, "2"), now: start.advanced(by: .seconds(24)), wallTime: wall) == .wait(holder: "a"))
        if case .update = state.decide(current: (held, "2"), now: start.advanced(by: .seconds(25)), wallTime: wall) {} else {
            Issue.record("expected a takeover 15 s after the last observed change")
        }
    }

    @Test func leadershipLapsesAtTheRenewDeadline() {
        var state = LeaderElectionState(identity: "a", configuration: config)
        let start = ContinuousClock.now
        state.written(LeaseRecord(holderIdentity: "a", leaseDurationSeconds: 15), now: start)
        #expect(state.isLeader(now: start.advanced(by: .seconds(9))))
        #expect(!state.isLeader(now: start.advanced(by: .seconds(10))))
    }

    @Test func timingsThatCouldOverlapAreRejectedWithTheFieldNamed() {
        #expect(throws: LeaderElectionError.self) {
            try LeaderElectionConfiguration(leaseDuration: .seconds(10), renewDeadline: .seconds(10)).validate()
        }
        do {
            try LeaderElectionConfiguration(retryPeriod: .seconds(12)).validate()
            Issue.record("expected a validation error")
        } catch {
            #expect(error.description.contains("retryPeriod"))
        }
    }
}

@Suite struct LeaderElectorTests {
    @Test func oneOfTwoCandidatesLeadsAndTheOtherTakesOverAfterTheLeaseExpires() async throws {
        let clock = TestClock()
        let lock = InMemoryLeaseLock()
        let a = try LeaderElector(lock: lock, identity: "a", clock: clock)
        let b = try LeaderElector(lock: lock, identity: "b", clock: clock)
        try await a.campaign()
        #expect(a.isLeader)
        // b sees a valid lease and keeps waiting.
        let bCampaign = Task { try await b.campaign() }
        await clock.waitForSleepers(atLeast: 1)
        #expect(!b.isLeader)
        // a is "killed": it never renews. b retries every 2-2.4 s and takes over once 15 s have passed
        // since it first saw the record: at its 7th retry (16.8 s), not at its 6th (14.4 s).
        for attempt in 1...7 {
            if attempt > 1 { await clock.waitForSleepers(atLeast: 1) }
            #expect(lock.record?.holderIdentity == "a", "still a's after \(attempt - 1) retries")
            clock.advance(by: .seconds(2.4))
        }
        try await bCampaign.value
        #expect(b.isLeader)
        #expect(lock.record?.holderIdentity == "b")
        #expect(lock.record?.leaseTransitions == 1)
        #expect(!a.isLeader, "a's own deadline passed as well")
    }

    @Test func aLeaderWhoseRenewalsHangStopsItsWorkBeforeTheLeaseCanBeTaken() async throws {
        let clock = TestClock()
        let lock = InMemoryLeaseLock()
        let elector = try LeaderElector(lock: lock, identity: "a", clock: clock)
        let workCancelledAt = Locked<Duration?>(nil)
        let start = clock.start
        try await elector.campaign()
        let leading = Task {
            try await elector.lead {
                // The controllers: run until cancelled.
                do {
                    try await clock.sleep(for: .seconds(3600))
                } catch {
                    workCancelledAt.withLock { $0 = start.duration(to: clock.now) }
                    throw error
                }
            }
        }
        // Leading: the work sleeps (t=3600) and the first renewal is due at t=2.
        await clock.waitForSleepers { $0.contains(.seconds(3600)) && $0.contains(.seconds(2)) }
        clock.advance(by: .seconds(2))
        // t=2: a successful renewal; the next one is due at t=4.
        await clock.waitForSleeper(until: .seconds(4))
        #expect(lock.writes == 2)
        // The API server stops answering: the t=4 renewal hangs, abandoned at the renew deadline (t=12).
        lock.pause()
        clock.advance(by: .seconds(2))
        await clock.waitForSleeper(until: .seconds(12))
        clock.advance(by: .seconds(7))
        #expect(workCancelledAt.withLock { $0 } == nil, "t=11: still within the renew deadline")
        #expect(elector.isLeader)
        // t=12: ten seconds after the last renewal, the work is cancelled and awaited.
        clock.advance(by: .seconds(1))
        var lost: (any Error)?
        do { try await leading.value } catch { lost = error }
        #expect(lost is LeaderElectionError)
        let stoppedAt = try #require(workCancelledAt.withLock { $0 })
        #expect(stoppedAt == .seconds(12))
        // Another replica saw the last renewal at t>=2 and may take over only at t>=17.
        #expect(stoppedAt < .seconds(2) + LeaderElectionConfiguration().leaseDuration)
        #expect(!elector.isLeader)
        lock.resume()
    }

    @Test func aGracefulStepDownReleasesTheLease() async throws {
        let clock = TestClock()
        let lock = InMemoryLeaseLock()
        let elector = try LeaderElector(lock: lock, identity: "a", clock: clock)
        try await elector.whileLeader {}
        #expect(lock.record?.holderIdentity == "")
        // A successor acquires at once instead of waiting 15 s.
        let successor = try LeaderElector(lock: lock, identity: "b", clock: clock)
        try await successor.campaign()
        #expect(successor.isLeader)
    }
}
