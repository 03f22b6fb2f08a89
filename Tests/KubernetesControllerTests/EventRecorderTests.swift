import KubernetesController
import KubernetesCore
import Testing

@Suite struct EventRecorderTests {
    let key = EventAggregator.Key(regardingUID: "u1", regardingName: "w", type: "Warning", reason: "Failed", action: "Reconcile", note: "boom")

    @Test func repeatsFormOneSeriesWrittenAtMostOncePerHeartbeat() {
        var aggregator = EventAggregator()
        let start = ContinuousClock.now
        #expect(aggregator.record(key, now: start) == .create)
        aggregator.created(key, eventName: "w.1")
        // A hot loop: 1000 occurrences within one second are only counted.
        for step in 1...1000 {
            #expect(aggregator.record(key, now: start.advanced(by: .milliseconds(step))) == .aggregated)
        }
        // After the heartbeat the count (1 + 1000 + this one) is written into the same Event.
        #expect(aggregator.record(key, now: start.advanced(by: .seconds(31))) == .updateSeries(eventName: "w.1", count: 1002))
        #expect(aggregator.record(key, now: start.advanced(by: .seconds(32))) == .aggregated)
    }

    @Test func aQuietSeriesEndsAndANewEventStarts() {
        var aggregator = EventAggregator()
        let start = ContinuousClock.now
        _ = aggregator.record(key, now: start)
        aggregator.created(key, eventName: "w.1")
        #expect(aggregator.record(key, now: start.advanced(by: .seconds(400))) == .create)
    }

    @Test func distinctNotesPerObjectAreRateLimited() {
        var aggregator = EventAggregator()
        let start = ContinuousClock.now
        var decisions: [EventAggregator.Decision] = []
        for index in 0..<40 {
            var varying = key
            varying.note = "attempt \(index)"
            decisions.append(aggregator.record(varying, now: start))
        }
        #expect(decisions.filter { $0 == .create }.count == 25)
        #expect(decisions.filter { $0 == .rateLimited }.count == 15)
        // Another object has its own budget.
        var other = key
        other.regardingUID = "u2"
        #expect(aggregator.record(other, now: start) == .create)
    }

    @Test func seriesMemoryIsBounded() {
        var aggregator = EventAggregator(configuration: .init(burstPerObject: 1_000_000, maxSeries: 100))
        let start = ContinuousClock.now
        for index in 0..<1000 {
            var varying = key
            varying.note = "n\(index)"
            _ = aggregator.record(varying, now: start.advanced(by: .milliseconds(index)))
        }
        #expect(aggregator.seriesCount <= 100)
    }

    @Test func theRecorderWritesOneEventAndCountUpdatesForAHotLoop() async {
        let sink = RecordingEventSink()
        let clock = TestClock()
        let recorder = EventRecorder(sink: sink, reportingController: "widget", reportingInstance: "pod-1", clock: clock)
        let widget = Widget("w")
        for _ in 0..<500 {
            await recorder.record(.warning, reason: "Failed", action: "Reconcile", note: "boom", regarding: widget)
        }
        clock.advance(by: .seconds(30))
        await recorder.record(.warning, reason: "Failed", action: "Reconcile", note: "boom", regarding: widget)
        #expect(sink.created.count == 1)
        let event = sink.created.first
        #expect(event?.regarding?.kind == "Widget" && event?.regarding?.uid == "uid-w")
        #expect(event?.reportingController == "widget" && event?.reportingInstance == "pod-1")
        #expect(event?.type == "Warning" && event?.metadata.namespace == "ns")
        #expect(sink.seriesUpdates.map(\.count) == [501])
    }
}
