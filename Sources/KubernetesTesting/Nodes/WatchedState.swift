import Synchronization

/// A value behind a lock that tasks can wait on: `wait(until:)` suspends until a predicate over the value
/// holds, and every `update` wakes the waiters whose predicate now holds. The simulated kubelet coordinates
/// its pod workers, containers, probes and status writer through it instead of polling.
final class WatchedState<Value: Sendable>: Sendable {
    private struct Waiter {
        var id: UInt64
        var predicate: @Sendable (Value) -> Bool
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct Inner {
        var value: Value
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
        var cancelled: Set<UInt64> = []
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
            let value = inner.value
            var ready: [CheckedContinuation<Void, Never>] = []
            inner.waiters.removeAll { waiter in
                guard waiter.predicate(value) else { return false }
                ready.append(waiter.continuation)
                return true
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
            return inner.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = inner.withLock { inner -> Bool in
                    if inner.cancelled.remove(id) != nil || predicate(inner.value) { return true }
                    inner.waiters.append(Waiter(id: id, predicate: predicate, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = inner.withLock { inner -> Waiter? in
                guard let index = inner.waiters.firstIndex(where: { $0.id == id }) else {
                    inner.cancelled.insert(id)
                    return nil
                }
                return inner.waiters.remove(at: index)
            }
            waiter?.continuation.resume()
        }
    }
}
