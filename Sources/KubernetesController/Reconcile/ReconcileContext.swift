import KubernetesCore
import Logging

/// Everything one reconcile may use besides its request.
public struct ReconcileContext<Object: Resource>: Sendable {
    /// A logger carrying the controller name and the request.
    public var logger: Logger
    /// Records Kubernetes Events about objects (aggregated, so a loop cannot flood them).
    public var events: EventRecorder
    /// The cache of the primary resource.
    public var store: Store<Object>
    /// Caches of the other resources the controller watches, by type.
    public var caches: CacheRegistry
    /// When the reconcile will be cancelled (nil: no timeout).
    public var deadline: ContinuousClock.Instant?
    /// The runtime's clock (use it for time arithmetic so tests stay deterministic).
    public var clock: any ControllerClock
    /// How many times in a row this request has failed before this attempt.
    public var previousFailures: Int

    public init(
        logger: Logger, events: EventRecorder, store: Store<Object>, caches: CacheRegistry,
        deadline: ContinuousClock.Instant?, clock: any ControllerClock, previousFailures: Int
    ) {
        self.logger = logger
        self.events = events
        self.store = store
        self.caches = caches
        self.deadline = deadline
        self.clock = clock
        self.previousFailures = previousFailures
    }

    /// The cached object for `request`, or nil when it no longer exists (deleted: clean up and return).
    public func object(for request: ReconcileRequest) -> Object? {
        store.get(request)
    }
}
