import KubernetesController
import KubernetesModels
import Synchronization

/// Records the Events a recorder writes instead of sending them.
final class RecordingEventSink: EventSink {
    struct Written: Sendable {
        var created: [EventsV1.Event] = []
        var seriesUpdates: [(name: String, count: Int32)] = []
    }

    let written = Mutex(Written())

    func create(_ event: EventsV1.Event) async throws -> String {
        written.withLock { $0.created.append(event) }
        return event.metadata.name ?? "event"
    }

    func updateSeries(eventName: String, namespace: String, series: EventsV1.EventSeries) async throws {
        written.withLock { $0.seriesUpdates.append((eventName, series.count)) }
    }

    var created: [EventsV1.Event] { written.withLock { $0.created } }
    var seriesUpdates: [(name: String, count: Int32)] { written.withLock { $0.seriesUpdates } }
}
