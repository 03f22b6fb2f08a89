import KubernetesClient
import KubernetesCore
import Logging
import Prometheus

/// What a controller is built from: the client, the shared caches, the clock, logging and metrics.
/// The manager makes one; tests can make their own.
public struct ControllerWiring: Sendable {
    public let client: KubeClient
    public let caches: CacheRegistry
    public let clock: any ControllerClock
    public let logger: Logger
    public let metrics: PrometheusCollectorRegistry
    public let events: any EventSink
    /// The manager's identity, used as the events' reportingInstance.
    public let identity: String

    public init(
        client: KubeClient, caches: CacheRegistry = CacheRegistry(), clock: any ControllerClock = SystemControllerClock(),
        logger: Logger = Logger(label: "capstan.controller"), metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
        events: (any EventSink)? = nil, identity: String = "capstan"
    ) {
        self.client = client
        self.caches = caches
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        self.events = events ?? KubeEventSink(client: client)
        self.identity = identity
    }

    /// The shared informer of `type` in `namespace` (nil: all), created on first use.
    public func informer<R: Resource>(
        _ type: R.Type, namespace: String? = nil, configuration: WatcherStateMachine<R>.Configuration = .init()
    ) -> Informer<Api<R>> {
        caches.informer(for: R.self, namespace: namespace) {
            Informer(
                watcher: Watcher(
                    source: client.api(R.self, namespace: namespace), configuration: configuration, clock: clock,
                    logger: logger.with("resource", R.kind)))
        }
    }

    /// The shared metadata-only informer of `type`, created on first use.
    public func metadataInformer<R: Resource>(
        _ type: R.Type, namespace: String? = nil,
        configuration: WatcherStateMachine<PartialObject<R>>.Configuration = .init()
    ) -> Informer<MetadataWatchSource<R>> {
        caches.informer(for: PartialObject<R>.self, namespace: namespace) {
            Informer(
                watcher: Watcher(
                    source: MetadataWatchSource<R>(client: client, namespace: namespace), configuration: configuration,
                    clock: clock, logger: logger.with("resource", R.kind)))
        }
    }
}

extension Logger {
    /// A copy with one more metadata entry.
    func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy[metadataKey: key] = "\(value)"
        return copy
    }
}
