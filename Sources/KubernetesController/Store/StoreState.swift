import KubernetesCore

/// One change to the store's contents, as handlers see it: `old` nil for an addition, `new` nil for a
/// deletion.
public struct StoreChange<Object: Sendable>: Sendable {
    public var old: Object?
    public var new: Object?

    public init(old: Object?, new: Object?) {
        self.old = old
        self.new = new
    }

    /// Whichever side exists (the new state, else the deleted one).
    public var object: Object? { new ?? old }
}

/// A label `key=value`, the unit of the label index.
struct LabelPair: Hashable, Sendable {
    var key: String
    var value: String
}

/// The contents of a `Store` and its indexes, as a value type: applying a watcher event returns the
/// changes it made, so the store's handlers are told exactly what happened.
struct StoreState<Object: Resource>: Sendable {
    private(set) var objects: [ObjectKey: Object] = [:]
    private(set) var byNamespace: [String: Set<ObjectKey>] = [:]
    private(set) var byOwner: [String: Set<ObjectKey>] = [:]
    private(set) var byLabel: [LabelPair: Set<ObjectKey>] = [:]
    /// Objects of a relist in progress; swapped in at `initDone`.
    private var relist: [ObjectKey: Object]?
    /// True once the first relist has completed.
    private(set) var isReady = false

    mutating func apply(_ event: WatcherEvent<Object>) -> [StoreChange<Object>] {
        switch event {
        case .initStarted:
            relist = [:]
            return []
        case .initApply(let object):
            guard let key = ObjectKey(object.metadata) else { return [] }
            if relist == nil { relist = [:] }
            relist?[key] = Self.stripped(object)
            return []
        case .initDone:
            let listed = relist ?? [:]
            relist = nil
            isReady = true
            return swap(in: listed)
        case .apply(let object):
            guard let key = ObjectKey(object.metadata) else { return [] }
            let new = Self.stripped(object)
            let old = objects[key]
            if let old, old.metadata.resourceVersion == new.metadata.resourceVersion, old.metadata.resourceVersion != nil {
                return []
            }
            upsert(key, new)
            return [StoreChange(old: old, new: new)]
        case .delete(let object):
            guard let key = ObjectKey(object.metadata), let old = objects[key] else { return [] }
            remove(key)
            return [StoreChange(old: old, new: nil)]
        }
    }

    /// Replaces the whole contents, reporting only what actually differs from before.
    private mutating func swap(in listed: [ObjectKey: Object]) -> [StoreChange<Object>] {
        var changes: [StoreChange<Object>] = []
        for (key, old) in objects where listed[key] == nil {
            changes.append(StoreChange(old: old, new: nil))
        }
        for (key, new) in listed {
            let old = objects[key]
            if let old, old.metadata.resourceVersion == new.metadata.resourceVersion, old.metadata.resourceVersion != nil {
                continue
            }
            changes.append(StoreChange(old: old, new: new))
        }
        objects = listed
        byNamespace = [:]
        byOwner = [:]
        byLabel = [:]
        for (key, object) in listed { index(key, object) }
        return changes
    }

    private mutating func upsert(_ key: ObjectKey, _ object: Object) {
        if objects[key] != nil { remove(key) }
        objects[key] = object
        index(key, object)
    }

    private mutating func remove(_ key: ObjectKey) {
        guard let old = objects.removeValue(forKey: key) else { return }
        let meta = old.metadata
        Self.removeKey(key, from: &byNamespace, at: meta.namespace ?? "")
        for owner in meta.ownerReferences ?? [] { Self.removeKey(key, from: &byOwner, at: owner.uid) }
        for (label, value) in meta.labels ?? [:] {
            Self.removeKey(key, from: &byLabel, at: LabelPair(key: label, value: value))
        }
    }

    private mutating func index(_ key: ObjectKey, _ object: Object) {
        let meta = object.metadata
        byNamespace[meta.namespace ?? "", default: []].insert(key)
        for owner in meta.ownerReferences ?? [] { byOwner[owner.uid, default: []].insert(key) }
        for (label, value) in meta.labels ?? [:] { byLabel[LabelPair(key: label, value: value), default: []].insert(key) }
    }

    private static func removeKey<IndexKey: Hashable>(_ key: ObjectKey, from index: inout [IndexKey: Set<ObjectKey>], at indexKey: IndexKey) {
        guard var keys = index[indexKey] else { return }
        keys.remove(key)
        index[indexKey] = keys.isEmpty ? nil : keys
    }

    /// managedFields are large and never needed by a reconciler reading the cache.
    static func stripped(_ object: Object) -> Object {
        guard object.metadata.managedFields != nil else { return object }
        var object = object
        object.metadata.managedFields = nil
        return object
    }

    // MARK: Queries

    func objects(in namespace: String?) -> [Object] {
        guard let namespace else { return Array(objects.values) }
        return (byNamespace[namespace] ?? []).compactMap { objects[$0] }
    }

    func objects(ownedBy uid: String) -> [Object] {
        (byOwner[uid] ?? []).compactMap { objects[$0] }
    }

    func objects(matching query: LabelQuery, in namespace: String?) -> [Object] {
        // Narrow with the index on an equality requirement when there is one, then check all of them.
        let candidates: [Object]
        if let equality = query.requirements.first(where: { $0.operator == .equals || ($0.operator == .in && $0.values.count == 1) }),
            let value = equality.values.first
        {
            candidates = (byLabel[LabelPair(key: equality.key, value: value)] ?? []).compactMap { objects[$0] }
        } else {
            candidates = Array(objects.values)
        }
        return candidates.filter { object in
            (namespace == nil || object.metadata.namespace == namespace) && query.matches(object.metadata.labels)
        }
    }
}
