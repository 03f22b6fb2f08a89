import Foundation
import KubernetesCore
import Synchronization

/// The server's storage: every object as JSON, a cluster-wide revision counter (the resourceVersion),
/// the event history watches replay from, the open watches, and the catalog of served resources.
///
/// One lock guards it all, as etcd's single revision does: a write, its resourceVersion, its history
/// record and its delivery to watchers happen as one step, so every watcher sees events in revision order.
final class ObjectStore: Sendable {
    struct State: Sendable {
        var catalog = ResourceCatalog()
        var revision: Int64
        /// Watches and exact lists from a revision below this one are too old (410).
        var oldestRevision: Int64
        /// storage key -> "namespace/name" -> object.
        var collections: [String: [String: JSONValue]] = [:]
        var history: [HistoryRecord] = []
        var historyCapacity: Int
        var watchers: [UInt64: WatchSubscription] = [:]
        var nextWatcherID: UInt64 = 1
        /// Tasks waiting until at least this many watches are open, by waiter id.
        var watchCountWaiters: [UInt64: (minimum: Int, continuation: CheckedContinuation<Void, Never>)] = [:]
        /// uid -> storage key and object key, for the garbage collector's owner lookups.
        var uidIndex: [String: ObjectLocation] = [:]
    }

    struct ObjectLocation: Sendable, Hashable {
        var storageKey: String
        var objectKey: String
    }

    /// One change, as watches see it.
    struct HistoryRecord: Sendable {
        var revision: Int64
        var storageKey: String
        var namespace: String?
        var type: WatchEventType
        var object: JSONValue
        /// The object before the change, for selector transitions (a MODIFIED that leaves the selector is a DELETED).
        var previous: JSONValue?
    }

    enum WatchEventType: String, Sendable {
        case added = "ADDED", modified = "MODIFIED", deleted = "DELETED"
    }

    let state: Mutex<State>

    init(initialRevision: Int64, historyCapacity: Int) {
        state = Mutex(State(revision: initialRevision, oldestRevision: initialRevision, historyCapacity: historyCapacity))
    }

    static func objectKey(namespace: String?, name: String) -> String { "\(namespace ?? "")/\(name)" }

    var currentRevision: Int64 { state.withLock { $0.revision } }

    func catalog() -> ResourceCatalog { state.withLock { $0.catalog } }

    func get(_ resource: ServedResource, namespace: String?, name: String) -> JSONValue? {
        state.withLock { $0.collections[resource.storageKey]?[Self.objectKey(namespace: namespace, name: name)] }
    }

    func object(uid: String) -> JSONValue? {
        state.withLock { state in
            state.uidIndex[uid].flatMap { state.collections[$0.storageKey]?[$0.objectKey] }
        }
    }

    /// A consistent snapshot of a collection (optionally one namespace) at the current revision, in key order.
    func snapshot(storageKey: String, namespace: String?) -> (revision: Int64, items: [(key: String, object: JSONValue)]) {
        state.withLock { state in
            let collection = state.collections[storageKey] ?? [:]
            let prefix = namespace.map { "\($0)/" }
            let items = collection.filter { prefix == nil || $0.key.hasPrefix(prefix!) }
                .map { (key: $0.key, object: $0.value) }
                .sorted { $0.key < $1.key }
            return (state.revision, items)
        }
    }

    /// Every stored object, for controllers that scan (namespace deletion, the garbage collector).
    func allObjects() -> [(storageKey: String, object: JSONValue)] {
        state.withLock { state in
            state.collections.flatMap { storageKey, objects in objects.values.map { (storageKey, $0) } }
        }
    }

    /// What a write step decided, given the current object.
    enum Decision: Sendable {
        case create(JSONValue)
        case update(JSONValue)
        /// Remove the object; the DELETED event carries this final state.
        case delete(JSONValue)
        /// Nothing to write; respond with this object (an identical apply, a dry run).
        case none(JSONValue)
    }

    /// Runs `decide` on the current object under the lock and applies its decision atomically,
    /// assigning the next resourceVersion. Returns the stored (or unchanged) object.
    @discardableResult
    func write(
        _ resource: ServedResource, namespace: String?, name: String, dryRun: Bool = false,
        _ decide: (_ current: JSONValue?, _ catalog: ResourceCatalog) throws(APIError) -> Decision
    ) throws(APIError) -> (decision: Decision, object: JSONValue) {
        try state.withLock { (state: inout State) throws(APIError) -> (decision: Decision, object: JSONValue) in
            let key = Self.objectKey(namespace: namespace, name: name)
            let current = state.collections[resource.storageKey]?[key]
            var decision = try decide(current.map { resource.storedAsCoreEvent ? EventConversion.toEventsV1($0) : $0 }, state.catalog)
            if resource.storedAsCoreEvent {
                switch decision {
                case .create(let object): decision = .create(EventConversion.toCore(object))
                case .update(let object): decision = .update(EventConversion.toCore(object))
                case .delete(let object): decision = .delete(EventConversion.toCore(object))
                case .none(let object): decision = .none(EventConversion.toCore(object))
                }
            }
            if dryRun {
                switch decision {
                case .create(let object), .update(let object), .delete(let object), .none(let object):
                    var shown = object
                    if case .create = decision { shown.setValue(nil, at: ["metadata", "resourceVersion"]) }
                    return (decision, shown)
                }
            }
            switch decision {
            case .none(let object):
                return (decision, object)
            case .create(var object), .update(var object):
                state.revision += 1
                object.setValue(.string(String(state.revision)), at: ["metadata", "resourceVersion"])
                state.collections[resource.storageKey, default: [:]][key] = object
                if let uid = object[path: ["metadata", "uid"]]?.stringValue {
                    state.uidIndex[uid] = ObjectLocation(storageKey: resource.storageKey, objectKey: key)
                }
                let type: WatchEventType = current == nil ? .added : .modified
                state.record(HistoryRecord(revision: state.revision, storageKey: resource.storageKey, namespace: namespace, type: type, object: object, previous: current))
                return (decision, object)
            case .delete(var object):
                state.revision += 1
                object.setValue(.string(String(state.revision)), at: ["metadata", "resourceVersion"])
                state.collections[resource.storageKey]?[key] = nil
                if let uid = object[path: ["metadata", "uid"]]?.stringValue { state.uidIndex[uid] = nil }
                state.record(HistoryRecord(revision: state.revision, storageKey: resource.storageKey, namespace: namespace, type: .deleted, object: object, previous: current))
                return (decision, object)
            }
        }
    }

    /// Forgets history up to now: watches from any earlier revision get 410 Expired.
    func compact() {
        state.withLock { state in
            state.history.removeAll()
            state.oldestRevision = state.revision
        }
    }

    func mutateCatalog(_ change: (inout ResourceCatalog) -> Void) {
        state.withLock { change(&$0.catalog) }
    }
}

extension ObjectStore.State {
    mutating func record(_ record: ObjectStore.HistoryRecord) {
        history.append(record)
        if history.count > historyCapacity {
            // Drop the oldest quarter at once so trimming stays amortised O(1).
            let drop = max(1, historyCapacity / 4)
            oldestRevision = history[drop - 1].revision
            history.removeFirst(drop)
        }
        for (id, watcher) in watchers where watcher.storageKey == record.storageKey {
            if !watcher.deliver(record) {
                watchers[id] = nil
            }
        }
    }
}
