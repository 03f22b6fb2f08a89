import KubernetesClient
import KubernetesCore

/// Declares a controller: its primary resource, the children it owns, other resources it watches, which
/// changes matter, and how it runs. Mirrors controller-runtime's builder:
///
/// ```swift
/// let controller = ControllerBuilder.for(KafkaTopic.self, name: "kafkatopic")
///     .owns(CoreV1.ConfigMap.self)
///     .watches(CoreV1.Secret.self) { secret in [ReconcileRequest(namespace: secret.metadata.namespace, name: "x")] }
///     .withEventFilter(.generationChanged)
///     .resync(every: .seconds(600))
/// try manager.add(controller, reconciler: TopicReconciler())
/// ```
public struct ControllerBuilder<Object: Resource>: Sendable {
    /// Registers a handler on some informer that turns its changes into requests; returns the informer
    /// (the controller waits for it to sync before reconciling).
    typealias Trigger = @Sendable (ControllerWiring, @escaping @Sendable (ReconcileRequest) -> Void) -> any InformerProtocol

    public var configuration: ControllerConfiguration
    public var namespace: String?
    public var watcherConfiguration: WatcherStateMachine<Object>.Configuration
    var predicates: [EventPredicate<Object>] = []
    var triggers: [Trigger] = []

    /// A controller of `type`, reconciling objects in `namespace` (nil: all namespaces).
    public static func `for`(
        _ type: Object.Type, name: String? = nil, namespace: String? = nil,
        watcherConfiguration: WatcherStateMachine<Object>.Configuration = .init()
    ) -> Self {
        Self(
            configuration: ControllerConfiguration(name: name ?? Object.kind.lowercased()), namespace: namespace,
            watcherConfiguration: watcherConfiguration)
    }

    /// Reconciles the owner when a `Child` it controls changes (through the child's controller
    /// ownerReference). Children are cached in full; use `owns(_:metadataOnly:)` for large sets.
    public func owns<Child: Resource>(_ type: Child.Type, namespace: String? = nil, metadataOnly: Bool = false) -> Self {
        var copy = self
        let scope = namespace ?? self.namespace
        if metadataOnly {
            copy.triggers.append { wiring, enqueue in
                let informer = wiring.metadataInformer(Child.self, namespace: scope)
                informer.addHandler { change in
                    for request in OwnerMapping.requests(for: change, ownerType: Object.self) { enqueue(request) }
                }
                return informer
            }
        } else {
            copy.triggers.append { wiring, enqueue in
                let informer = wiring.informer(Child.self, namespace: scope)
                informer.addHandler { change in
                    for request in OwnerMapping.requests(for: change, ownerType: Object.self) { enqueue(request) }
                }
                return informer
            }
        }
        return copy
    }

    /// Reconciles whatever `map` returns when an `Other` changes (both the old and the new state are
    /// mapped, so a change that moves the relationship wakes both sides).
    public func watches<Other: Resource>(
        _ type: Other.Type, namespace: String? = nil, map: @escaping @Sendable (Other) -> [ReconcileRequest]
    ) -> Self {
        var copy = self
        copy.triggers.append { wiring, enqueue in
            let informer = wiring.informer(Other.self, namespace: namespace)
            informer.addHandler { change in
                var seen = Set<ReconcileRequest>()
                for side in [change.old, change.new] {
                    guard let side else { continue }
                    for request in map(side) where seen.insert(request).inserted { enqueue(request) }
                }
            }
            return informer
        }
        return copy
    }

    /// Only changes of the primary object that pass `predicate` trigger a reconcile (all added predicates
    /// must pass). Additions and deletions always pass.
    public func withEventFilter(_ predicate: EventPredicate<Object>) -> Self {
        var copy = self
        copy.predicates.append(predicate)
        return copy
    }

    /// Reconciles every object again at this period, changed or not.
    public func resync(every period: Duration) -> Self {
        var copy = self
        copy.configuration.resyncPeriod = period
        return copy
    }

    /// How many different objects may be reconciled at once.
    public func concurrency(_ workers: Int) -> Self {
        var copy = self
        copy.configuration.concurrency = max(workers, 1)
        return copy
    }

    /// Cancels (and retries with backoff) reconciles running longer than `timeout`.
    public func reconcileTimeout(_ timeout: Duration) -> Self {
        var copy = self
        copy.configuration.reconcileTimeout = timeout
        return copy
    }

    /// Replaces the whole configuration (name, concurrency, backoff, rate limit, ...).
    public func configured(_ update: (inout ControllerConfiguration) -> Void) -> Self {
        var copy = self
        update(&copy.configuration)
        return copy
    }

    /// Builds the controller with `reconciler`: registers informers and handlers in `wiring`.
    public func build<R: Reconciler>(reconciler: R, wiring: ControllerWiring) -> Controller<R> where R.Object == Object {
        Controller(builder: self, reconciler: reconciler, wiring: wiring)
    }
}
