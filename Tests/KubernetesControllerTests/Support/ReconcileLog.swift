import KubernetesController
import Synchronization

/// What a test reconciler saw: every request in order, whether the object was in the cache, and
/// whether the same request ever ran twice at once. Tests wait on it by condition (woken by each
/// reconcile, never by polling).
final class ReconcileLog: Sendable {
    struct Entry: Sendable {
        var request: ReconcileRequest
        var objectExisted: Bool
    }

    private struct State {
        var entries: [Entry] = []
        var running = Set<ReconcileRequest>()
        var overlaps = 0
        var waiters: [(condition: @Sendable ([Entry]) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    var entries: [Entry] { state.withLock { $0.entries } }
    var overlaps: Int { state.withLock { $0.overlaps } }
    var names: [String] { entries.map(\.request.name) }

    func begin(_ request: ReconcileRequest) {
        state.withLock { state in
            if !state.running.insert(request).inserted { state.overlaps += 1 }
        }
    }

    func end(_ request: ReconcileRequest, objectExisted: Bool) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.running.remove(request)
            state.entries.append(Entry(request: request, objectExisted: objectExisted))
            let entries = state.entries
            let ready = state.waiters.filter { $0.condition(entries) }.map(\.continuation)
            state.waiters.removeAll { $0.condition(entries) }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    /// Returns once `condition` holds for the entries so far.
    func wait(until condition: @escaping @Sendable ([Entry]) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if condition(state.entries) { return true }
                state.waiters.append((condition, continuation))
                return false
            }
            if done { continuation.resume() }
        }
    }
}

/// A reconciler that logs what it is asked and returns `action`.
struct LoggingReconciler: Reconciler {
    typealias Object = Widget
    let log: ReconcileLog
    var action: ReconcileAction = .done

    func reconcile(_ request: ReconcileRequest, context: ReconcileContext<Widget>) async throws -> ReconcileAction {
        log.begin(request)
        await Task.yield()
        log.end(request, objectExisted: context.object(for: request) != nil)
        return action
    }
}
