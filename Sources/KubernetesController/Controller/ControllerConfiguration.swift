/// Tuning of one controller.
public struct ControllerConfiguration: Sendable {
    /// Used in logs, metrics and the event recorder's reportingController.
    public var name: String
    /// Reconciles running at once (different keys; one key never runs twice at once).
    public var concurrency: Int
    /// A reconcile running longer is cancelled and retried with backoff (nil: no limit).
    public var reconcileTimeout: Duration?
    /// Every object is reconciled again this often even without changes (nil: never).
    public var resyncPeriod: Duration?
    /// Per-key backoff after errors.
    public var backoff: ExponentialBackoff
    /// Overall limit on retries.
    public var rateLimit: TokenBucket
    /// Told of every finished reconcile and how long the runtime spent on it (reconcile plus queue
    /// bookkeeping), for tracing, audits and benchmarks. Must be cheap: it runs on the worker.
    public var reconcileObserver: (@Sendable (ReconcileRequest, Duration) -> Void)?

    public init(
        name: String, concurrency: Int = 4, reconcileTimeout: Duration? = nil, resyncPeriod: Duration? = nil,
        backoff: ExponentialBackoff = .perItem, rateLimit: TokenBucket = TokenBucket()
    ) {
        self.name = name
        self.concurrency = max(concurrency, 1)
        self.reconcileTimeout = reconcileTimeout
        self.resyncPeriod = resyncPeriod
        self.backoff = backoff
        self.rateLimit = rateLimit
    }
}
