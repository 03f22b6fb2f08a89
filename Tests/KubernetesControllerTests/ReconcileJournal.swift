import KubernetesController

/// A journal of reconciles across managers: who reconciled which request, from when to when (real-time
/// instants, used only for ordering), and the last value each request's reconcile wrote. Tests wait on
/// it by condition, woken by each entry.
final class ReconcileJournal: Sendable {
    struct Entry: Sendable {
        var request: ReconcileRequest
        var identity: String
        var start: ContinuousClock.Instant
        var end: ContinuousClock.Instant
    }

    struct Token: Sendable {
        var id: Int
    }

    private struct State {
        var running: [Int: (request: ReconcileRequest, identity: String, start: ContinuousClock.Instant)] = [:]
        var nextID = 0
        var entries: [Entry] = []
        var overlaps = 0
        var overlapsAcrossIdentities = 0
        var values: [ReconcileRequest: String] = [:]
        /// The value each request's latest no-op reconcile found already written.
        var settled: [ReconcileRequest: String] = [:]
        var writes = 0
        var waiters: [(condition: @Sendable (State) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Locked(State())

    func begin(_ request: ReconcileRequest, identity: String) -> Token {
        state.withLock { state in
            if state.running.values.contains(where: { $0.request == request }) { state.overlaps += 1 }
            if state.running.values.contains(where: { $0.identity != identity }) { state.overlapsAcrossIdentities += 1 }
            state.nextID += 1
            state.running[state.nextID] = (request, identity, .now)
            return Token(id: state.nextID)
        }
    }

    func end(_ token: Token) {
        notify { state in
            guard let running = state.running.removeValue(forKey: token.id) else { return }
            state.entries.append(Entry(request: running.request, identity: running.identity, start: running.start, end: .now))
        }
    }

    func wrote(_ request: ReconcileRequest, value: String) {
        notify { state in
            state.values[request] = value
            state.writes += 1
        }
    }

    /// Records a reconcile that found `value` already written (nothing to do).
    func settled(_ request: ReconcileRequest, value: String) {
        notify { state in state.settled[request] = value }
    }

    var entries: [Entry] { state.withLock { $0.entries } }
    var identities: [String] { entries.map(\.identity) }
    var count: Int { state.withLock { $0.entries.count } }
    var overlaps: Int { state.withLock { $0.overlaps } }
    var overlapsAcrossIdentities: Int { state.withLock { $0.overlapsAcrossIdentities } }

    func waitForWrites(count: Int) async {
        await wait { $0.writes >= count }
    }

    func waitForValues(_ condition: @escaping @Sendable ([ReconcileRequest: String]) -> Bool) async {
        await wait { condition($0.values) }
    }

    func waitForSettled(_ condition: @escaping @Sendable ([ReconcileRequest: String]) -> Bool) async {
        await wait { condition($0.settled) }
    }

    private func wait(_ condition: @escaping @Sendable (State) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if condition(state) { return true }
                state.waiters.append((condition, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func notify(_ update: (inout State) -> Void) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            update(&state)
            let snapshot = state
            let ready = state.waiters.filter { $0.condition(snapshot) }.map(\.continuation)
            state.waiters.removeAll { $0.condition(snapshot) }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }
}
