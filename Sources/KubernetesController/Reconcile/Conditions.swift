import KubernetesCore

extension Array where Element == Condition {
    /// Sets a condition computed from `generation` of the object (its `observedGeneration`), at `now`.
    /// The transition time only moves when the status changes.
    public mutating func set(
        _ type: String, status: Condition.Status, reason: String, message: String, observedGeneration: Int64?,
        now: Time
    ) {
        set(
            Condition(
                type: type, status: status, observedGeneration: observedGeneration, lastTransitionTime: now,
                reason: reason, message: message))
    }

    /// True when the condition of `type` is `True` and was computed from `generation` (not a stale spec).
    public func isTrue(_ type: String, atGeneration generation: Int64?) -> Bool {
        guard let condition = self[type: type], condition.status == .true else { return false }
        return generation == nil || condition.observedGeneration == generation
    }

    /// True when every condition that carries an observedGeneration has seen `generation`.
    public func areCurrent(forGeneration generation: Int64?) -> Bool {
        guard let generation else { return true }
        return allSatisfy { $0.observedGeneration == nil || $0.observedGeneration == generation }
    }

    /// Removes the condition of `type`; returns whether one was there.
    @discardableResult
    public mutating func remove(_ type: String) -> Bool {
        guard let index = firstIndex(where: { $0.type == type }) else { return false }
        remove(at: index)
        return true
    }
}

extension Time {
    /// The wall-clock time of `clock`, at second precision (what `metav1.Time` carries).
    public static func now(_ clock: any ControllerClock) -> Time {
        Time(secondsSinceEpoch: clock.wallTime.microsecondsSinceEpoch / 1_000_000)
    }
}
