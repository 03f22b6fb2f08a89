import KubernetesCore
import Synchronization

/// What one watch receives, in revision order.
enum WatchFrame: Sendable {
    case event(type: String, object: JSONValue)
    /// A progress notification at this revision (also the initial-events-end marker when `initialEventsEnd`).
    case bookmark(revision: Int64, initialEventsEnd: Bool)
    /// A terminal error event (410 Expired) after which the stream ends.
    case error(JSONValue)
}

/// Which objects a watch or list selects.
struct ObjectFilter: Sendable {
    var namespace: String?
    var labels: LabelQuery = .everything
    var fields: FieldQuery = .everything
    var fieldValue: @Sendable (_ field: String, _ object: JSONValue) -> String? = FieldSelectors.value

    func matches(_ object: JSONValue) -> Bool {
        if let namespace, object[path: ["metadata", "namespace"]]?.stringValue != namespace { return false }
        if !labels.isEverything {
            let labelMap = object[path: ["metadata", "labels"]]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
            if !labels.matches(labelMap) { return false }
        }
        if !fields.requirements.isEmpty, !fields.matches({ fieldValue($0, object) }) { return false }
        return true
    }
}

/// One open watch: its filter and the bounded buffer between the store and the HTTP connection.
struct WatchSubscription: Sendable {
    var storageKey: String
    var filter: ObjectFilter
    var continuation: AsyncStream<WatchFrame>.Continuation
    /// Changes up to this revision are not sent (a watch from a future resourceVersion waits for it).
    var afterRevision: Int64 = 0

    /// Delivers a change if the filter selects it; false when the watcher fell too far behind (its
    /// buffer is full) and must be closed, as kube-apiserver closes slow watchers instead of blocking writes.
    func deliver(_ record: ObjectStore.HistoryRecord) -> Bool {
        guard record.revision > afterRevision, let frame = frame(for: record) else { return true }
        switch continuation.yield(frame) {
        case .enqueued: return true
        case .dropped, .terminated:
            continuation.finish()
            return false
        @unknown default: return false
        }
    }

    func frame(for record: ObjectStore.HistoryRecord) -> WatchFrame? {
        let now = filter.matches(record.object)
        let before = record.previous.map(filter.matches) ?? false
        switch record.type {
        case .added: return now ? .event(type: "ADDED", object: record.object) : nil
        case .deleted: return (before || now) ? .event(type: "DELETED", object: record.object) : nil
        case .modified:
            switch (before, now) {
            case (true, true): return .event(type: "MODIFIED", object: record.object)
            case (false, true): return .event(type: "ADDED", object: record.object)
            case (true, false): return .event(type: "DELETED", object: record.object)
            case (false, false): return nil
            }
        }
    }
}

/// Where a watch starts.
enum WatchStart: Sendable {
    /// Live events after this revision (replaying history newer than it).
    case after(Int64)
    /// Synthetic ADDED events for every selected object, then live events (no resourceVersion, RV=0,
    /// or a streaming list); `bookmarkAtEnd` adds the initial-events-end bookmark.
    case initialState(bookmarkAtEnd: Bool)
}

extension ObjectStore {
    struct OpenedWatch: Sendable {
        var id: UInt64
        /// Frames to send before the live stream (history replay or initial state).
        var initial: [WatchFrame]
        var stream: AsyncStream<WatchFrame>
    }

    /// Opens a watch atomically with respect to writes: nothing between the replayed state and the
    /// live stream is lost or duplicated. Returns nil frames plus a single ERROR frame when too old.
    func openWatch(storageKey: String, filter: ObjectFilter, start: WatchStart, bufferCapacity: Int, tooOldMessage: (Int64, Int64) -> String) -> OpenedWatch {
        let (stream, continuation) = AsyncStream<WatchFrame>.makeStream(bufferingPolicy: .bufferingOldest(bufferCapacity))
        let opened = state.withLock { state in
            var initial: [WatchFrame] = []
            switch start {
            case .after(let revision):
                if revision < state.oldestRevision {
                    continuation.finish()
                    let status: JSONValue = [
                        "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
                        "message": .string(tooOldMessage(revision, state.oldestRevision)), "reason": "Expired", "code": 410,
                    ]
                    return OpenedWatch(id: 0, initial: [.error(status)], stream: stream)
                }
                let subscription = WatchSubscription(storageKey: storageKey, filter: filter, continuation: continuation)
                for record in state.history where record.storageKey == storageKey && record.revision > revision {
                    if let frame = subscription.frame(for: record) { initial.append(frame) }
                }
            case .initialState(let bookmarkAtEnd):
                let collection = state.collections[storageKey] ?? [:]
                for key in collection.keys.sorted() {
                    guard let object = collection[key], filter.matches(object) else { continue }
                    initial.append(.event(type: "ADDED", object: object))
                }
                if bookmarkAtEnd { initial.append(.bookmark(revision: state.revision, initialEventsEnd: true)) }
            }
            let id = state.nextWatcherID
            state.nextWatcherID += 1
            var subscription = WatchSubscription(storageKey: storageKey, filter: filter, continuation: continuation)
            if case .after(let revision) = start { subscription.afterRevision = revision }
            state.watchers[id] = subscription
            return OpenedWatch(id: id, initial: initial, stream: stream)
        }
        resumeWatchCountWaiters()
        return opened
    }

    /// Returns once at least `minimum` watches are open (or the task is cancelled): an event to wait on
    /// instead of sleeping until a client has surely started watching.
    func waitForOpenWatches(atLeast minimum: Int) async {
        let id = state.withLock { state -> UInt64 in
            defer { state.nextWatcherID += 1 }
            return state.nextWatcherID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if state.watchers.count >= minimum || Task.isCancelled { return true }
                    state.watchCountWaiters[id] = (minimum, continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.watchCountWaiters.removeValue(forKey: id) }?.continuation.resume()
        }
    }

    private func resumeWatchCountWaiters() {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            let count = state.watchers.count
            let satisfied = state.watchCountWaiters.filter { $0.value.minimum <= count }
            for id in satisfied.keys { state.watchCountWaiters.removeValue(forKey: id) }
            return satisfied.values.map(\.continuation)
        }
        for continuation in ready { continuation.resume() }
    }

    func closeWatch(_ id: UInt64) {
        let subscription = state.withLock { $0.watchers.removeValue(forKey: id) }
        subscription?.continuation.finish()
    }

    /// Queues a progress bookmark behind every event already delivered to this watch.
    func requestBookmark(_ id: UInt64) {
        state.withLock { state in
            guard let watcher = state.watchers[id] else { return }
            _ = watcher.continuation.yield(.bookmark(revision: state.revision, initialEventsEnd: false))
        }
    }

    /// Ends every open watch (a fault: clients see their streams close and must re-watch).
    func dropAllWatches() {
        let dropped = state.withLock { state in
            defer { state.watchers.removeAll() }
            return Array(state.watchers.values)
        }
        for watcher in dropped { watcher.continuation.finish() }
    }

    var openWatchCount: Int { state.withLock { $0.watchers.count } }
}
