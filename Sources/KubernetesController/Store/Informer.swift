import KubernetesClient
import KubernetesCore
import Logging
import Synchronization

/// A cache that keeps itself current: a `Watcher` feeding a `Store`, and handlers told of every change
/// (controllers register them to enqueue reconciles). Run it with `run()` (the manager does); it stops
/// when its task is cancelled.
public protocol InformerProtocol: Sendable {
    /// Watches and updates the store until cancelled.
    func run() async
    /// True once the first list is in the store.
    var hasSynced: Bool { get }
    /// Returns once the first list is in the store.
    func waitUntilSynced() async
    /// A label for logs and probes, e.g. `Pod`.
    var name: String { get }
}

/// The reflector: applies watcher events to a `Store` and notifies handlers of the resulting changes.
public final class Informer<Source: WatchSource>: InformerProtocol {
    public typealias Object = Source.Object
    public typealias Handler = @Sendable (StoreChange<Object>) -> Void

    public let store: Store<Object>
    let watcher: Watcher<Source>
    private let handlers = Mutex<[Handler]>([])
    public let name: String

    public init(watcher: Watcher<Source>, store: Store<Object> = Store()) {
        self.watcher = watcher
        self.store = store
        self.name = Object.kind
    }

    /// Adds a handler for every later change (register before `run()`, or the initial list is missed).
    public func addHandler(_ handler: @escaping Handler) {
        handlers.withLock { $0.append(handler) }
    }

    public var hasSynced: Bool { store.isReady }

    public func waitUntilSynced() async { await store.waitUntilReady() }

    public func run() async {
        await watcher.run { event in deliver(event) }
    }

    /// The reflector's step: applies one watcher event to the store, then tells every handler about each
    /// resulting change. `run()` calls it for each event; custom event sources may call it directly.
    public func deliver(_ event: WatcherEvent<Object>) {
        let (changes, announceReadiness) = store.applyDeferringReadiness(event)
        defer { announceReadiness() }
        guard !changes.isEmpty else { return }
        let current = handlers.withLock { $0 }
        for change in changes {
            for handler in current { handler(change) }
        }
    }
}

extension Informer {
    /// An informer over a typed API (all namespaces when `namespace` is nil).
    public convenience init<R: Resource>(
        client: KubeClient, namespace: String? = nil, configuration: WatcherStateMachine<R>.Configuration = .init(),
        clock: any ControllerClock = SystemControllerClock(), logger: Logger = Logger(label: "capstan.controller.informer")
    ) where Source == Api<R> {
        self.init(
            watcher: Watcher(
                source: client.api(R.self, namespace: namespace), configuration: configuration, clock: clock,
                logger: logger))
    }
}
