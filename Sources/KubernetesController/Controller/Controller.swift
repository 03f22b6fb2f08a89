import KubernetesClient
import KubernetesCore
import Logging
import Synchronization

/// A running controller as the manager sees it.
public protocol ManagedController: Sendable {
    var name: String { get }
    /// Waits for its caches, then reconciles until shut down (`beginShutdown`, drains in-flight
    /// reconciles) or cancelled (in-flight reconciles are cancelled too).
    func run() async
    /// Stops taking new work; `run()` returns once in-flight reconciles finish.
    func beginShutdown()
    /// True once every cache the controller reads has synced.
    var hasSynced: Bool { get }
    /// Refreshes the gauges sampled at scrape time (queue depth, oldest reconcile in progress).
    func updateGauges()
}

/// Turns changes into reconciles of the primary resource, with a work queue between them (see
/// `WorkQueue` for the guarantees: dedupe, one reconcile per key at a time, backoff, rate limit).
public final class Controller<R: Reconciler>: ManagedController {
    public typealias Object = R.Object

    public let configuration: ControllerConfiguration
    public var name: String { configuration.name }
    let reconciler: R
    /// The queue of requests; exposed for tests and for code that wants to trigger a reconcile.
    public let queue: WorkQueue<ReconcileRequest>
    public let store: Store<Object>
    let informers: [any InformerProtocol]
    let caches: CacheRegistry
    let events: EventRecorder
    let clock: any ControllerClock
    let logger: Logger
    let metrics: ControllerMetrics
    private let inFlight = Mutex<(next: UInt64, started: [UInt64: ContinuousClock.Instant])>((0, [:]))
    /// Checked before each reconcile; false (leadership in doubt) stops the workers. Wrapped in a
    /// struct: a bare closure as a Mutex's generic value is re-abstracted on every access, and the
    /// thunks pile up.
    private struct Gate: Sendable {
        var allows: @Sendable () -> Bool
    }
    private let gate = Mutex(Gate(allows: { true }))

    init(builder: ControllerBuilder<Object>, reconciler: R, wiring: ControllerWiring) {
        self.configuration = builder.configuration
        self.reconciler = reconciler
        self.clock = wiring.clock
        self.logger = wiring.logger.with("controller", builder.configuration.name)
        self.caches = wiring.caches
        self.queue = WorkQueue(backoff: builder.configuration.backoff, rateLimit: builder.configuration.rateLimit, clock: wiring.clock)
        self.metrics = ControllerMetrics(registry: wiring.metrics, controller: builder.configuration.name)
        self.events = EventRecorder(
            sink: wiring.events, reportingController: builder.configuration.name, reportingInstance: wiring.identity,
            clock: wiring.clock, logger: logger)
        let primary = wiring.informer(Object.self, namespace: builder.namespace, configuration: builder.watcherConfiguration)
        self.store = primary.store
        let queue = self.queue
        let predicates = builder.predicates
        primary.addHandler { change in
            guard let key = change.object.flatMap({ ObjectKey($0.metadata) }) else { return }
            guard predicates.allSatisfy({ $0.evaluate(change) }) else { return }
            queue.add(key)
        }
        var informers: [any InformerProtocol] = [primary]
        for trigger in builder.triggers {
            informers.append(trigger(wiring) { request in queue.add(request) })
        }
        self.informers = informers
    }

    public var hasSynced: Bool { informers.allSatisfy(\.hasSynced) }

    /// Sets the check made before each reconcile (the manager wires leader election into it).
    public func setReconcileGate(_ gate: @escaping @Sendable () -> Bool) {
        self.gate.withLock { $0 = Gate(allows: gate) }
    }

    public func beginShutdown() {
        queue.shutDown()
    }

    public func run() async {
        for informer in informers {
            await informer.waitUntilSynced()
            if Task.isCancelled { return }
        }
        // Objects listed before our handler was registered (a cache shared with an earlier controller)
        // must be reconciled too; the queue dedupes the rest.
        for key in store.keys { queue.add(key) }
        logger.info("caches synced, starting workers", metadata: ["workers": "\(configuration.concurrency)"])
        await withTaskGroup(of: Void.self) { background in
            background.addTask { await self.queue.runTimer() }
            if let period = configuration.resyncPeriod {
                background.addTask { await self.resyncLoop(period: period) }
            }
            await withTaskGroup(of: Void.self) { workers in
                for _ in 0..<configuration.concurrency {
                    workers.addTask { await self.workerLoop() }
                }
            }
            background.cancelAll()
        }
        logger.info("controller stopped")
    }

    private func resyncLoop(period: Duration) async {
        while !Task.isCancelled {
            do { try await clock.sleep(for: period) } catch { return }
            for key in store.keys { queue.add(key) }
        }
    }

    private func workerLoop() async {
        while let (key, waited) = await queue.next() {
            metrics.queueLatency.record(waited)
            guard gate.withLock({ $0 }).allows() else {
                // Leadership is in doubt: do not act; leave the key for whoever leads next.
                queue.done(key)
                queue.add(key)
                logger.warning("leadership not confirmed, worker stops")
                return
            }
            let started = clock.now
            await process(key)
            queue.done(key)
            configuration.reconcileObserver?(key, started.duration(to: clock.now))
        }
    }

    /// Reconciles one key and schedules what comes next.
    func process(_ request: ReconcileRequest) async {
        let started = clock.now
        let id = inFlight.withLock { state -> UInt64 in
            state.next += 1
            state.started[state.next] = started
            return state.next
        }
        defer {
            inFlight.withLock { _ = $0.started.removeValue(forKey: id) }
            metrics.reconcileDuration.record(started.duration(to: clock.now))
        }
        var requestLogger = logger
        requestLogger[metadataKey: "request"] = "\(request)"
        let deadline = configuration.reconcileTimeout.map { started.advanced(by: $0) }
        let context = ReconcileContext(
            logger: requestLogger, events: events, store: store, caches: caches, deadline: deadline, clock: clock,
            previousFailures: queue.failureCount(request))
        do {
            let action = try await runWithDeadline(request, context: context)
            queue.forget(request)
            switch action {
            case .done, .awaitChange:
                metrics.reconcileSuccess.increment()
            case .requeue(let after):
                metrics.reconcileRequeue.increment()
                queue.add(request, after: after)
            }
        } catch let error as TerminalReconcileError {
            metrics.reconcileTerminal.increment()
            metrics.errors.increment()
            queue.forget(request)
            requestLogger.error("reconcile failed permanently; not retrying until the object changes", metadata: ["error": "\(error)"])
        } catch {
            metrics.reconcileError.increment()
            metrics.errors.increment()
            if Task.isCancelled {
                requestLogger.debug("reconcile cancelled")
                return
            }
            var minimum = Duration.zero
            if let seconds = (error as? KubernetesError)?.retryAfterSeconds, seconds > 0 {
                minimum = .seconds(min(seconds, 600))
            }
            let delay = queue.addRateLimited(request, minimumDelay: minimum)
            requestLogger.warning("reconcile failed, retrying", metadata: ["error": "\(error)", "retryIn": "\(delay)"])
        }
    }

    private func runWithDeadline(_ request: ReconcileRequest, context: ReconcileContext<Object>) async throws -> ReconcileAction {
        guard let deadline = context.deadline, let timeout = configuration.reconcileTimeout else {
            return try await reconciler.reconcile(request, context: context)
        }
        return try await withThrowingTaskGroup(of: ReconcileAction?.self) { group in
            group.addTask { try await self.reconciler.reconcile(request, context: context) }
            group.addTask {
                try await self.clock.sleep(until: deadline)
                return nil
            }
            defer { group.cancelAll() }
            while let result = try await group.next() {
                if let action = result { return action }
                throw ReconcileTimeoutError(request: request, timeout: timeout)
            }
            throw CancellationError()
        }
    }

    public func updateGauges() {
        let now = clock.now
        let (count, oldest) = inFlight.withLock { state in (state.started.count, state.started.values.min()) }
        metrics.inFlight.set(Double(count))
        metrics.oldestInFlightSeconds.set(oldest.map { $0.duration(to: now).secondsDouble } ?? 0)
        metrics.queueDepth.set(Double(queue.depth))
    }

    /// Age of the oldest reconcile in progress (nil when none).
    public var oldestReconcileAge: Duration? {
        let now = clock.now
        return inFlight.withLock { $0.started.values.min() }.map { $0.duration(to: now) }
    }
}
