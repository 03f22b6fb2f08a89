import Synchronization

/// A value behind a lock that tasks can wait on: `wait(until:)` suspends until a predicate over the value
/// holds, and every `update` wakes the waiters whose predicate now holds. The simulated kubelet coordinates
/// its pod workers, containers, probes and status writer through it instead of polling.
final class WatchedState<Value: Sendable>: Sendable {
    private enum Waiter {
        /// Announced, continuation not registered yet.
        case pending
        case registered(predicate: @Sendable (Value) -> Bool, continuation: CheckedContinuation<Void, Never>)
        /// Cancelled before its continuation was registered.
        case cancelled
    }

    private struct Inner {
        var value: Value
        var waiters: [UInt64: Waiter] = [:]
        var nextID: UInt64 = 0
    }

    private let inner: Mutex<Inner>

    init(_ value: Value) {
        inner = Mutex(Inner(value: value))
    }

    var value: Value { inner.withLock { $0.value } }

    /// Changes the value and resumes every waiter whose predicate now holds.
    @discardableResult
    func update<Result>(_ change: (inout Value) -> Result) -> Result {
        let (result, ready) = inner.withLock { inner -> (Result, [CheckedContinuation<Void, Never>]) in
            let result = change(&inner.value)
            var ready: [CheckedContinuation<Void, Never>] = []
            for (id, waiter) in inner.waiters {
                guard case .registered(let predicate, let continuation) = waiter, predicate(inner.value) else { continue }
                ready.append(continuation)
                inner.waiters[id] = nil
            }
            return (result, ready)
        }
        for continuation in ready { continuation.resume() }
        return result
    }

    /// Returns once `predicate` holds (at once if it already does), or when the task is cancelled.
    func wait(until predicate: @escaping @Sendable (Value) -> Bool) async {
        let id = inner.withLock { inner -> UInt64 in
            inner.nextID += 1
            inner.waiters[inner.nextID] = .pending
            return inner.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = inner.withLock { inner -> Bool in
                    if case .cancelled = inner.waiters[id] {
                        inner.waiters[id] = nil
                        return true
                    }
                    if predicate(inner.value) {
                        inner.waiters[id] = nil
                        return true
                    }
                    inner.waiters[id] = .registered(predicate: predicate, continuation: continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = inner.withLock { inner -> CheckedContinuation<Void, Never>? in
                switch inner.waiters[id] {
                case .pending:
                    inner.waiters[id] = .cancelled
                    return nil
                case .registered(_, let continuation):
                    inner.waiters[id] = nil
                    return continuation
                case .cancelled, nil:
                    return nil
                }
            }
            continuation?.resume()
        }
    }
}
