import KubernetesCore
import Synchronization

/// The caches a manager runs, one per resource type (and namespace scope), shared by every controller
/// that watches that type so each type is listed and watched once.
public final class CacheRegistry: Sendable {
    private struct Entry: Sendable {
        var informer: any InformerProtocol
        var store: any Sendable
    }

    private let entries = Mutex<[String: Entry]>([:])

    public init() {}

    /// The store for `type`, if a cache of it is registered.
    public func store<R: Resource>(for type: R.Type, namespace: String? = nil) -> Store<R>? {
        entries.withLock { $0[Self.key(R.self, namespace)]?.store as? Store<R> }
    }

    /// The store of metadata-only objects for `type`, if registered.
    public func metadataStore<R: Resource>(for type: R.Type, namespace: String? = nil) -> Store<PartialObject<R>>? {
        store(for: PartialObject<R>.self, namespace: namespace)
    }

    /// Returns the informer registered for its object type and namespace, registering `make()` if none.
    func informer<Source: WatchSource>(
        for type: Source.Object.Type, namespace: String?, make: () -> Informer<Source>
    ) -> Informer<Source> {
        entries.withLock { entries in
            let key = Self.key(Source.Object.self, namespace)
            if let existing = entries[key]?.informer as? Informer<Source> { return existing }
            let informer = make()
            entries[key] = Entry(informer: informer, store: informer.store)
            return informer
        }
    }

    /// Every registered informer.
    public var informers: [any InformerProtocol] {
        entries.withLock { $0.values.map(\.informer) }
    }

    /// True when every registered cache has completed its first list.
    public var allSynced: Bool {
        informers.allSatisfy(\.hasSynced)
    }

    private static func key<R: Resource>(_ type: R.Type, _ namespace: String?) -> String {
        "\(String(reflecting: R.self))@\(namespace ?? "*")"
    }
}
