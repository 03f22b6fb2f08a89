import KubernetesCore
import Synchronization

/// The informer cache: the last known state of every watched object, read synchronously.
///
/// Fed by a reflector (`Informer`) with watcher events; a relist is buffered and swapped in atomically at
/// `initDone`, so readers see either the old or the new complete state, never a mixture. managedFields
/// are dropped before storing. Reads return values (copies), so a reconciler cannot corrupt the cache.
public final class Store<Object: Resource>: Sendable {
    private struct State: Sendable {
        var contents = StoreState<Object>()
        var readyWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiterID: UInt64 = 0
        var cancelledWaiters = Set<UInt64>()
    }

    private let state = Mutex(State())

    public init() {}

    // MARK: Reads

    /// The object with that namespace and name, if cached.
    public func get(namespace: String?, name: String) -> Object? {
        state.withLock { $0.contents.objects[ObjectKey(namespace: namespace, name: name)] }
    }

    /// The object with that key, if cached.
    public func get(_ key: ObjectKey) -> Object? {
        state.withLock { $0.contents.objects[key] }
    }

    /// Every cached object, or those of one namespace.
    public func list(namespace: String? = nil) -> [Object] {
        state.withLock { $0.contents.objects(in: namespace) }
    }

    /// Cached objects whose labels match `query`, optionally in one namespace.
    public func list(matching query: LabelQuery, namespace: String? = nil) -> [Object] {
        state.withLock { $0.contents.objects(matching: query, in: namespace) }
    }

    /// Cached objects that list `ownerUID` among their ownerReferences.
    public func list(ownedBy ownerUID: String) -> [Object] {
        state.withLock { $0.contents.objects(ownedBy: ownerUID) }
    }

    /// The keys of every cached object.
    public var keys: [ObjectKey] {
        state.withLock { Array($0.contents.objects.keys) }
    }

    public var count: Int {
        state.withLock { $0.contents.objects.count }
    }

    /// True once the first complete list has been stored.
    public var isReady: Bool {
        state.withLock { $0.contents.isReady }
    }

    /// Returns once the first complete list has been stored (at once if it already has), or when the
    /// calling task is cancelled. Woken by the store itself, not by polling.
    public func waitUntilReady() async {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.contents.isReady || state.cancelledWaiters.remove(id) != nil { return true }
                    state.readyWaiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard let waiter = state.readyWaiters.removeValue(forKey: id) else {
                    state.cancelledWaiters.insert(id)
                    return nil
                }
                return waiter
            }
            waiter?.resume()
        }
    }

    // MARK: Writes (the reflector's)

    /// Applies one watcher event and returns the changes it made.
    @discardableResult
    public func apply(_ event: WatcherEvent<Object>) -> [StoreChange<Object>] {
        let (changes, announceReadiness) = applyDeferringReadiness(event)
        announceReadiness()
        return changes
    }

    /// Applies one event but lets the caller say when waiters of `waitUntilReady()` are woken: the
    /// reflector first hands the changes to its handlers, so a controller that starts on readiness
    /// finds every initial key already queued (and does not reconcile some twice).
    func applyDeferringReadiness(_ event: WatcherEvent<Object>) -> ([StoreChange<Object>], announceReadiness: () -> Void) {
        let (changes, waiters) = state.withLock { state -> ([StoreChange<Object>], [CheckedContinuation<Void, Never>]) in
            let changes = state.contents.apply(event)
            guard state.contents.isReady, !state.readyWaiters.isEmpty else { return (changes, []) }
            defer { state.readyWaiters = [:] }
            return (changes, Array(state.readyWaiters.values))
        }
        return (changes, { for waiter in waiters { waiter.resume() } })
    }
}
