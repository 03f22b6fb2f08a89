/// Decides, for each occurrence of an event, whether to write a new Event, bump the count of the series
/// already written, or stay silent — so a reconcile loop emitting the same event thousands of times
/// costs one Event object and a count update at most every `heartbeat`.
///
/// Two limits, as client-go's events machinery has: occurrences with the same key (object, type,
/// reason, action, note) within `seriesWindow` of the last one form one series whose count is written
/// at most once per `heartbeat`; and each object may start at most `burstPerObject` new series, refilled
/// at one per `refillInterval`, so notes that differ every time cannot flood either. Memory is bounded
/// by `maxSeries` (least recently seen series are forgotten first).
public struct EventAggregator: Sendable {
    /// What identifies "the same event".
    public struct Key: Hashable, Sendable {
        public var regardingUID: String
        public var regardingName: String
        public var type: String
        public var reason: String
        public var action: String
        public var note: String

        public init(regardingUID: String, regardingName: String, type: String, reason: String, action: String, note: String) {
            self.regardingUID = regardingUID
            self.regardingName = regardingName
            self.type = type
            self.reason = reason
            self.action = action
            self.note = note
        }
    }

    /// What to do with one occurrence.
    public enum Decision: Sendable, Equatable {
        /// Write a new Event (the first of a series).
        case create
        /// Write `count` into the series of the Event named `eventName`.
        case updateSeries(eventName: String, count: Int32)
        /// Counted, not written now (the next write carries it).
        case aggregated
        /// Dropped: this object has emitted too many distinct events recently.
        case rateLimited
    }

    public struct Configuration: Sendable, Hashable {
        public var heartbeat: Duration
        public var seriesWindow: Duration
        public var burstPerObject: Int
        public var refillInterval: Duration
        public var maxSeries: Int

        public init(
            heartbeat: Duration = .seconds(30), seriesWindow: Duration = .seconds(360), burstPerObject: Int = 25,
            refillInterval: Duration = .seconds(300), maxSeries: Int = 4096
        ) {
            self.heartbeat = heartbeat
            self.seriesWindow = seriesWindow
            self.burstPerObject = burstPerObject
            self.refillInterval = refillInterval
            self.maxSeries = maxSeries
        }
    }

    private struct Series: Sendable {
        var eventName: String?
        var count: Int32
        var lastSeen: ContinuousClock.Instant
        var lastWritten: ContinuousClock.Instant
    }

    public let configuration: Configuration
    private var series: [Key: Series] = [:]
    private var buckets: [String: TokenBucket] = [:]

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Series currently remembered.
    public var seriesCount: Int { series.count }

    /// Registers one occurrence at `now`.
    public mutating func record(_ key: Key, now: ContinuousClock.Instant) -> Decision {
        if var existing = series[key], existing.lastSeen.duration(to: now) < configuration.seriesWindow {
            existing.count += 1
            existing.lastSeen = now
            defer { series[key] = existing }
            guard let name = existing.eventName, existing.lastWritten.duration(to: now) >= configuration.heartbeat else {
                return .aggregated
            }
            existing.lastWritten = now
            return .updateSeries(eventName: name, count: existing.count)
        }
        var bucket = buckets[key.regardingUID] ?? TokenBucket(
            ratePerSecond: 1 / max(configuration.refillInterval.secondsDouble, 0.001), burst: configuration.burstPerObject)
        let allowed = bucket.tryTake(now: now)
        buckets[key.regardingUID] = bucket
        guard allowed else { return .rateLimited }
        evictIfFull()
        series[key] = Series(eventName: nil, count: 1, lastSeen: now, lastWritten: now)
        return .create
    }

    /// Remembers the name the API server gave the Event created for `key`.
    public mutating func created(_ key: Key, eventName: String) {
        series[key]?.eventName = eventName
    }

    /// Forgets a series whose Event could not be created, so the next occurrence tries again.
    public mutating func createFailed(_ key: Key) {
        series.removeValue(forKey: key)
    }

    private mutating func evictIfFull() {
        guard series.count >= configuration.maxSeries else { return }
        let excess = series.count - configuration.maxSeries + max(configuration.maxSeries / 8, 1)
        let oldest = series.sorted { $0.value.lastSeen < $1.value.lastSeen }.prefix(excess).map(\.key)
        for key in oldest { series.removeValue(forKey: key) }
        if buckets.count > configuration.maxSeries {
            let live = Set(series.keys.map(\.regardingUID))
            buckets = buckets.filter { live.contains($0.key) }
        }
    }
}
