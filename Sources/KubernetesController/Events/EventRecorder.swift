import KubernetesClient
import KubernetesCore
import KubernetesModels
import Logging
import Synchronization

/// Where events are written. `KubeEventSink` writes events.k8s.io/v1 Events; tests record them.
public protocol EventSink: Sendable {
    /// Creates an Event; returns its name.
    func create(_ event: EventsV1.Event) async throws -> String
    /// Updates the series (count, last observed time) of an existing Event.
    func updateSeries(eventName: String, namespace: String, series: EventsV1.EventSeries) async throws
}

/// Writes Events through the API (events.k8s.io/v1).
public struct KubeEventSink: EventSink {
    let client: KubeClient

    public init(client: KubeClient) {
        self.client = client
    }

    public func create(_ event: EventsV1.Event) async throws -> String {
        let created = try await client.api(EventsV1.Event.self, namespace: event.metadata.namespace).create(event)
        return created.metadata.name ?? event.metadata.name ?? ""
    }

    public func updateSeries(eventName: String, namespace: String, series: EventsV1.EventSeries) async throws {
        let patch: JSONValue = [
            "series": ["count": .integer(Int64(series.count)), "lastObservedTime": .string(series.lastObservedTime.rfc3339)]
        ]
        _ = try await client.api(EventsV1.Event.self, namespace: namespace).mergePatch(eventName, patch)
    }
}

/// `Normal` or `Warning`, the two Event types Kubernetes knows.
public enum EventType: String, Sendable, Hashable {
    case normal = "Normal"
    case warning = "Warning"
}

/// Records Kubernetes Events about objects, aggregated by `EventAggregator` so that a hot loop produces
/// one Event with a growing count instead of thousands of objects. Failing to write an event is logged,
/// never thrown: events are for humans and must not fail a reconcile.
public final class EventRecorder: Sendable {
    let sink: any EventSink
    public let reportingController: String
    public let reportingInstance: String
    let clock: any ControllerClock
    let logger: Logger
    private let aggregator: Mutex<EventAggregator>

    public init(
        sink: any EventSink, reportingController: String, reportingInstance: String,
        configuration: EventAggregator.Configuration = .init(), clock: any ControllerClock = SystemControllerClock(),
        logger: Logger = Logger(label: "capstan.controller.events")
    ) {
        self.sink = sink
        self.reportingController = reportingController
        self.reportingInstance = reportingInstance
        self.clock = clock
        self.logger = logger
        self.aggregator = Mutex(EventAggregator(configuration: configuration))
    }

    /// Records an event about `object`. `action` says what the controller did (`Reconcile`, `Restart`),
    /// `reason` why (CamelCase), `note` the human-readable detail.
    public func record<R: Resource>(
        _ type: EventType, reason: String, action: String, note: String, regarding object: R
    ) async {
        await record(type, reason: reason, action: action, note: note, regarding: Self.reference(to: object))
    }

    /// Records an event about the object `regarding` points to.
    public func record(_ type: EventType, reason: String, action: String, note: String, regarding: CoreV1.ObjectReference) async {
        let key = EventAggregator.Key(
            regardingUID: regarding.uid ?? "\(regarding.kind ?? "")/\(regarding.namespace ?? "")/\(regarding.name ?? "")",
            regardingName: regarding.name ?? "", type: type.rawValue, reason: reason, action: action, note: note)
        let now = clock.now
        let decision = aggregator.withLock { $0.record(key, now: now) }
        let namespace = regarding.namespace ?? "default"
        let wallTime = clock.wallTime
        switch decision {
        case .create:
            let event = EventsV1.Event(
                metadata: ObjectMeta(
                    name: "\(regarding.name ?? "object").\(String(wallTime.microsecondsSinceEpoch * 1000, radix: 16))",
                    namespace: namespace),
                action: action, eventTime: wallTime, note: String(note.prefix(1024)), reason: reason,
                regarding: regarding, reportingController: reportingController, reportingInstance: reportingInstance,
                type: type.rawValue)
            do {
                let name = try await sink.create(event)
                aggregator.withLock { $0.created(key, eventName: name) }
            } catch {
                aggregator.withLock { $0.createFailed(key) }
                logger.warning("cannot record event", metadata: ["reason": "\(reason)", "error": "\(error)"])
            }
        case .updateSeries(let name, let count):
            do {
                try await sink.updateSeries(
                    eventName: name, namespace: namespace,
                    series: EventsV1.EventSeries(count: count, lastObservedTime: wallTime))
            } catch {
                logger.debug("cannot update event series", metadata: ["event": "\(name)", "error": "\(error)"])
            }
        case .aggregated, .rateLimited:
            break
        }
    }

    /// An ObjectReference to `object`, as Events carry it in `regarding`.
    public static func reference<R: Resource>(to object: R) -> CoreV1.ObjectReference {
        CoreV1.ObjectReference(
            apiVersion: R.apiVersion, kind: R.kind, name: object.metadata.name, namespace: object.metadata.namespace,
            resourceVersion: object.metadata.resourceVersion, uid: object.metadata.uid)
    }
}
