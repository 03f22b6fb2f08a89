/// The standard status condition (`metav1.Condition`).
public struct Condition: Codable, Sendable, Hashable {
    /// CamelCase type, e.g. `Ready`.
    public var type: String
    public var status: Status
    /// The `metadata.generation` the condition was computed from.
    public var observedGeneration: Int64?
    /// When `status` last changed (not when the condition was last written).
    public var lastTransitionTime: Time
    /// CamelCase, machine-readable reason.
    public var reason: String
    /// Human-readable detail.
    public var message: String

    /// `True`, `False` or `Unknown`.
    public enum Status: String, Codable, Sendable, Hashable {
        case `true` = "True"
        case `false` = "False"
        case unknown = "Unknown"
    }

    public init(
        type: String, status: Status, observedGeneration: Int64? = nil, lastTransitionTime: Time,
        reason: String, message: String
    ) {
        self.type = type
        self.status = status
        self.observedGeneration = observedGeneration
        self.lastTransitionTime = lastTransitionTime
        self.reason = reason
        self.message = message
    }
}

extension Array where Element == Condition {
    /// The condition of the given type, if present.
    public subscript(type type: String) -> Condition? {
        first { $0.type == type }
    }

    /// Inserts or updates a condition, keeping `lastTransitionTime` unless the status changed.
    ///
    /// This is the rule `meta.SetStatusCondition` follows: the transition time records when the status
    /// flipped, so rewriting the same status with a new message must not move it.
    public mutating func set(_ condition: Condition) {
        guard let index = firstIndex(where: { $0.type == condition.type }) else {
            append(condition)
            return
        }
        var updated = condition
        if self[index].status == condition.status {
            updated.lastTransitionTime = self[index].lastTransitionTime
        }
        self[index] = updated
    }

    /// True when the condition of that type is present with status `True`.
    public func isTrue(_ type: String) -> Bool {
        self[type: type]?.status == .true
    }
}
