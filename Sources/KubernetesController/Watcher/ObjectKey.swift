import KubernetesCore

/// Identifies one object: its namespace (nil for cluster-scoped objects) and name.
///
/// This is also what a reconcile is asked to handle (`ReconcileRequest`): level-based reconciliation
/// only needs to know *which* object to look at, never what changed.
public struct ObjectKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var namespace: String?
    public var name: String

    public init(namespace: String?, name: String) {
        self.namespace = namespace
        self.name = name
    }

    /// The key of an object, or nil when it has no name (an object read from the API always has one).
    public init?(_ metadata: ObjectMeta) {
        guard let name = metadata.name else { return nil }
        self.init(namespace: metadata.namespace, name: name)
    }

    public var description: String { namespace.map { "\($0)/\(name)" } ?? name }

    public static func < (lhs: ObjectKey, rhs: ObjectKey) -> Bool {
        (lhs.namespace ?? "", lhs.name) < (rhs.namespace ?? "", rhs.name)
    }
}

/// What a reconciler is asked to reconcile: the key of the primary object.
public typealias ReconcileRequest = ObjectKey
