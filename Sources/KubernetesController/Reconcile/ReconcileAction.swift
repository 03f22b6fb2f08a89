/// What a reconcile asks the controller to do next with its object.
public enum ReconcileAction: Sendable, Hashable {
    /// Converged: reconcile again only when something watched changes (or at the next resync).
    case done
    /// Reconcile again after `after` even if nothing changes (e.g. to poll an external system).
    case requeue(after: Duration)
    /// Not converged, but only a change to a watched object can help: wait for it, no timer.
    case awaitChange
}

/// An error that retrying cannot fix (invalid spec, missing permission the operator will never have).
/// The controller records it and does not retry until the object changes.
public struct TerminalReconcileError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var underlying: (any Error)?

    public init(_ message: String, underlying: (any Error)? = nil) {
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        underlying.map { "\(message): \($0)" } ?? message
    }
}

/// Why a reconcile did not finish: it ran past its deadline.
public struct ReconcileTimeoutError: Error, Sendable, CustomStringConvertible {
    public var request: ReconcileRequest
    public var timeout: Duration

    public var description: String {
        "reconcile of \(request) did not finish within \(timeout); it was cancelled and will be retried with backoff"
    }
}
