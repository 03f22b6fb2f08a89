import KubernetesCore

/// The code that makes the world match one object's spec.
///
/// `reconcile` is level-based and idempotent: it is told only *which* object (namespace/name), reads the
/// current state (from the context's caches), acts, and says what to do next. The runtime guarantees it
/// is never running twice at once for the same request. Throwing retries with backoff, except for
/// `TerminalReconcileError`.
public protocol Reconciler<Object>: Sendable {
    /// The primary resource type.
    associatedtype Object: Resource

    func reconcile(_ request: ReconcileRequest, context: ReconcileContext<Object>) async throws -> ReconcileAction
}

/// A reconciler written as a closure.
public struct ClosureReconciler<Object: Resource>: Reconciler {
    let body: @Sendable (ReconcileRequest, ReconcileContext<Object>) async throws -> ReconcileAction

    public init(_ body: @escaping @Sendable (ReconcileRequest, ReconcileContext<Object>) async throws -> ReconcileAction) {
        self.body = body
    }

    public func reconcile(_ request: ReconcileRequest, context: ReconcileContext<Object>) async throws -> ReconcileAction {
        try await body(request, context)
    }
}
