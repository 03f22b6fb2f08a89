import KubernetesClient
import KubernetesController
import Synchronization

/// A Lease with real optimistic-concurrency semantics, in memory: every write bumps the resourceVersion,
/// a write at a stale version fails with 409, and the "API server" can be made to hang (paused) so a
/// leader's renewals stall.
final class InMemoryLeaseLock: LeaseLock {
    private struct State {
        var record: LeaseRecord?
        var version = 0
        var writes = 0
        var writeWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    var record: LeaseRecord? { state.withLock { $0.record } }
    /// Successful writes so far.
    var writes: Int { state.withLock { $0.writes } }

    private let gate = Gate()

    /// While paused, every call hangs until `resume()` or until the caller gives up (cancellation, as a
    /// real HTTP request is aborted).
    func pause() { gate.close() }

    func resume() { gate.open() }

    /// Returns once at least `count` writes have succeeded.
    func waitForWrites(atLeast count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.writes >= count { return true }
                state.writeWaiters.append((count, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    private static func wroteOnce(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        state.writes += 1
        let ready = state.writeWaiters.filter { $0.count <= state.writes }.map(\.continuation)
        state.writeWaiters.removeAll { $0.count <= state.writes }
        return ready
    }

    /// Overwrites the record as another client would (bumps the version).
    func overwrite(_ record: LeaseRecord) {
        state.withLock { state in
            state.record = record
            state.version += 1
        }
    }

    private func waitIfPaused() async throws {
        try await gate.pass()
    }

    func get() async throws -> (record: LeaseRecord, resourceVersion: String)? {
        try await waitIfPaused()
        return state.withLock { state in state.record.map { ($0, String(state.version)) } }
    }

    func create(_ record: LeaseRecord) async throws -> String {
        try await waitIfPaused()
        let (version, waiters) = try state.withLock { state in
            guard state.record == nil else {
                throw KubernetesError(code: .api, message: "lease already exists", httpStatus: 409)
            }
            state.record = record
            state.version += 1
            return (String(state.version), Self.wroteOnce(&state))
        }
        for waiter in waiters { waiter.resume() }
        return version
    }

    func update(_ record: LeaseRecord, resourceVersion: String) async throws -> String {
        try await waitIfPaused()
        let (version, waiters) = try state.withLock { state in
            guard String(state.version) == resourceVersion else {
                throw KubernetesError(code: .api, message: "the lease was modified", httpStatus: 409)
            }
            state.record = record
            state.version += 1
            return (String(state.version), Self.wroteOnce(&state))
        }
        for waiter in waiters { waiter.resume() }
        return version
    }
}
