/// Byte-rate quota accounting of the simulated brokers, as Kafka's ClientQuotaManager does it: bytes per
/// broker, per (user, client-id) and per direction, in 1-second windows of real time (clients send real
/// bytes at real speed, whatever the simulated clock does), the last 11 kept (`quota.window.num`,
/// `quota.window.size.seconds`). The rate is the bytes in those windows over their span, never less than 10 s;
/// a client over its quota is throttled for `(rate - quota) / quota × span`, at most the 11-second span.
struct ClientQuotaMeters: Sendable {
    enum Direction: Sendable, Hashable { case produce, fetch }

    struct Key: Sendable, Hashable {
        var brokerId: Int32
        var direction: Direction
        var user: String
        var clientId: String
    }

    static let windowMs: Int64 = 1_000
    static let windowCount = 11

    private struct Window {
        var startMs: Int64
        var bytes: Double
    }

    private var windows: [Key: [Window]] = [:]

    /// Adds `bytes` and returns how long the client must now wait (0 when within `quota` bytes/second).
    mutating func record(_ bytes: Int, for key: Key, quota: Double, nowMs: Int64) -> Int64 {
        var recent = windows[key, default: []].filter { $0.startMs > nowMs - Self.windowMs * Int64(Self.windowCount) }
        let windowStart = nowMs - nowMs % Self.windowMs
        if let last = recent.indices.last, recent[last].startMs == windowStart {
            recent[last].bytes += Double(bytes)
        } else {
            recent.append(Window(startMs: windowStart, bytes: Double(bytes)))
        }
        windows[key] = recent
        return throttleMs(recent, quota: quota, nowMs: nowMs)
    }

    /// Takes back bytes recorded for a response that was not sent (a throttled Fetch answers empty).
    mutating func unrecord(_ bytes: Int, for key: Key) {
        guard let last = windows[key]?.indices.last else { return }
        windows[key]?[last].bytes -= Double(bytes)
    }

    private func throttleMs(_ recent: [Window], quota: Double, nowMs: Int64) -> Int64 {
        let total = recent.reduce(0) { $0 + $1.bytes }
        let minimumSpanMs = Self.windowMs * Int64(Self.windowCount - 1)
        let spanMs = max(nowMs - (recent.first?.startMs ?? nowMs), minimumSpanMs)
        let rate = total * 1000 / Double(spanMs)
        guard rate > quota else { return 0 }
        let throttle = (rate - quota) / quota * Double(spanMs)
        return min(Int64(throttle.rounded()), Self.windowMs * Int64(Self.windowCount))
    }

    /// The most bytes one response may carry under `quota`: what the quota allows over the minimum span
    /// (10 s), as Kafka's `getMaxValueInQuotaWindow`, so a consumer under a small quota still gets data.
    static func maxBytesInWindow(quota: Double) -> Int {
        Int(min(quota * Double(windowMs * Int64(windowCount - 1)) / 1000, Double(Int32.max)))
    }
}
