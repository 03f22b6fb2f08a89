import KubernetesClient
import KubernetesCore
import Logging

/// Drives a `WatcherStateMachine` against a `WatchSource`: makes the requests it asks for, feeds it the
/// answers, and hands the resulting events to `handle`, one at a time and in order.
///
/// Errors never end the loop: 410 relists, anything else backs off (with jitter, honouring
/// `Retry-After`) and retries. Only cancellation ends `run`. Back-pressure: the next event is not read
/// from the connection until `handle` has returned.
public struct Watcher<Source: WatchSource>: Sendable {
    public let source: Source
    public let configuration: WatcherStateMachine<Source.Object>.Configuration
    public let backoff: ExponentialBackoff
    let clock: any ControllerClock
    let logger: Logger

    public init(
        source: Source, configuration: WatcherStateMachine<Source.Object>.Configuration = .init(),
        backoff: ExponentialBackoff = .watcher, clock: any ControllerClock = SystemControllerClock(),
        logger: Logger = Logger(label: "capstan.controller.watcher")
    ) {
        self.source = source
        self.configuration = configuration
        self.backoff = backoff
        self.clock = clock
        self.logger = logger
    }

    /// Runs until the task is cancelled.
    public func run(_ handle: (WatcherEvent<Source.Object>) -> Void) async {
        var machine = WatcherStateMachine<Source.Object>(configuration: configuration)
        var consecutiveFailures = 0
        while !Task.isCancelled {
            let delay: Duration?
            do {
                let progressed = try await step(&machine, handle)
                if progressed {
                    consecutiveFailures = 0
                    delay = nil
                } else {
                    // A watch that closed at once without a single event: do not spin on it.
                    consecutiveFailures += 1
                    delay = backoff.delay(attempt: consecutiveFailures)
                }
            } catch {
                if Task.isCancelled { return }
                consecutiveFailures += 1
                let kubeError = error as? KubernetesError
                if let kubeError, kubeError.isGone {
                    logger.debug("watch expired, relisting", metadata: ["resource": "\(Source.Object.kind)"])
                    machine.failed(.gone)
                    // The first 410 relists at once; repeated ones back off like any failure.
                    delay = consecutiveFailures > 1 ? backoff.delay(attempt: consecutiveFailures - 1) : nil
                } else {
                    machine.failed(.other)
                    var wait = backoff.delay(attempt: consecutiveFailures)
                    if let seconds = kubeError?.retryAfterSeconds, seconds > 0 {
                        wait = max(wait, .seconds(min(seconds, 300)))
                    }
                    logger.warning(
                        "list/watch failed, retrying",
                        metadata: ["resource": "\(Source.Object.kind)", "error": "\(error)", "delay": "\(wait)"])
                    delay = wait
                }
            }
            if let delay {
                do { try await clock.sleep(for: delay) } catch { return }
            }
        }
    }

    /// Performs one request of the state machine. Returns false when a watch ended without delivering
    /// anything (the caller backs off).
    private func step(
        _ machine: inout WatcherStateMachine<Source.Object>, _ handle: (WatcherEvent<Source.Object>) -> Void
    ) async throws -> Bool {
        switch machine.nextAction {
        case .listPage(let options):
            let page = try await source.listPage(options)
            for event in machine.pageReceived(items: page.items, metadata: page.metadata) { handle(event) }
            return true
        case .watch(let options):
            let events = try await source.watch(options)
            for event in machine.watchOpened() { handle(event) }
            var received = 0
            for try await event in events {
                received += 1
                for output in machine.watchEventReceived(event) { handle(output) }
            }
            machine.watchEnded()
            return received > 0
        }
    }
}
