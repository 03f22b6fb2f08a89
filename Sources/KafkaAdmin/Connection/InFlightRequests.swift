/// The requests of one connection waiting for their responses, keyed by correlation id. Kafka answers
/// in order per connection, but matching by id (not position) lets a timed-out request be dropped while
/// later ones stay valid, and detects a broker that answers an id nobody asked for.
///
/// A value type with no I/O: the channel handler owns one and acts on what it returns.
struct InFlightRequests<Waiter> {
    private var waiters: [Int32: Waiter] = [:]
    private var nextCorrelationId: Int32 = 0

    var count: Int { waiters.count }

    /// Registers a waiter and returns the correlation id to put in its request header. Ids wrap at
    /// Int32.max and skip ids still in flight.
    mutating func register(_ waiter: Waiter) -> Int32 {
        var id = nextCorrelationId
        while waiters[id] != nil { id = id == .max ? 0 : id + 1 }
        nextCorrelationId = id == .max ? 0 : id + 1
        waiters[id] = waiter
        return id
    }

    /// Changes the waiter of an id still in flight (e.g. to attach its timeout).
    mutating func modify(_ correlationId: Int32, _ body: (inout Waiter) -> Void) {
        guard var waiter = waiters[correlationId] else { return }
        body(&waiter)
        waiters[correlationId] = waiter
    }

    /// The waiter of a response, removed; nil when the id is unknown (timed out, or a broker bug).
    mutating func complete(_ correlationId: Int32) -> Waiter? {
        waiters.removeValue(forKey: correlationId)
    }

    /// Every waiter, removed: the connection closed and all must fail.
    mutating func removeAll() -> [Waiter] {
        defer { waiters.removeAll() }
        return waiters.sorted { $0.key < $1.key }.map(\.value)
    }
}
