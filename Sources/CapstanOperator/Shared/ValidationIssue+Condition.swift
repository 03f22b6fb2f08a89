import KubernetesCore

extension Array where Element == ValidationIssue {
    /// The `Warning` condition that reports these issues on a resource's status: `True` with every issue
    /// (field path and fix) in the message, or `False` when there are none. Errors come first, since they
    /// are why the operator is not acting on the spec.
    public func warningCondition(observedGeneration: Int64?, now: Time) -> Condition {
        guard !isEmpty else {
            return Condition(
                type: CapstanCondition.warning, status: .false, observedGeneration: observedGeneration,
                lastTransitionTime: now, reason: "SpecAccepted", message: "The spec has no problems.")
        }
        let ordered = errors + warnings
        return Condition(
            type: CapstanCondition.warning, status: .true, observedGeneration: observedGeneration,
            lastTransitionTime: now, reason: errors.isEmpty ? "SpecWarnings" : "SpecRefused",
            message: ordered.map(\.description).joined(separator: "; "))
    }
}
