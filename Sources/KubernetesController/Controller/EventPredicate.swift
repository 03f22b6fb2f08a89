import KubernetesCore

/// Decides whether a change to a primary object is worth a reconcile. Additions and deletions always
/// pass; predicates only filter updates.
public struct EventPredicate<Object: Resource>: Sendable {
    let accepts: @Sendable (_ old: Object, _ new: Object) -> Bool

    /// A predicate on updates, given the old and the new object.
    public init(_ accepts: @escaping @Sendable (_ old: Object, _ new: Object) -> Bool) {
        self.accepts = accepts
    }

    /// Whether `change` passes.
    public func evaluate(_ change: StoreChange<Object>) -> Bool {
        guard let old = change.old, let new = change.new else { return true }
        return accepts(old, new)
    }

    /// Only spec changes (metadata.generation moves; status-only writes do not trigger).
    public static var generationChanged: Self {
        Self { old, new in old.metadata.generation != new.metadata.generation || new.metadata.generation == nil }
    }

    /// Label changes.
    public static var labelsChanged: Self {
        Self { old, new in old.metadata.labels != new.metadata.labels }
    }

    /// Annotation changes.
    public static var annotationsChanged: Self {
        Self { old, new in old.metadata.annotations != new.metadata.annotations }
    }

    /// A deletion was requested or finalizers changed: a reconcile must see it even when the
    /// generation did not move (deletionTimestamp does not bump it).
    public static var deletionOrFinalizersChanged: Self {
        Self { old, new in
            old.metadata.deletionTimestamp != new.metadata.deletionTimestamp || old.metadata.finalizers != new.metadata.finalizers
        }
    }

    /// Passes when any of `predicates` passes.
    public static func any(_ predicates: [Self]) -> Self {
        Self { old, new in predicates.contains { $0.accepts(old, new) } }
    }

    /// Passes when all of `predicates` pass.
    public static func all(_ predicates: [Self]) -> Self {
        Self { old, new in predicates.allSatisfy { $0.accepts(old, new) } }
    }
}
