import KubernetesController
import Synchronization

/// Remembers, per cluster and object, which desired object was last found already applied at which
/// resourceVersion of the cached copy. When both are unchanged the next reconcile skips the comparison
/// (encoding both objects to JSON), which is most of the work of a converged cluster's reconcile.
///
/// Exact: a hit needs the same desired value (compared with `==`) and the same resourceVersion, and any
/// change to the object on the server changes its resourceVersion. Bounded by the objects of the clusters
/// that exist: a deleted cluster's entries are dropped.
final class AppliedObjectMemo: Sendable {
    private struct Entry: Sendable {
        var resourceVersion: String
        var desired: any Hashable & Sendable
    }

    private let entries = Mutex<[ObjectKey: [String: Entry]]>([:])

    init() {}

    func isKnownApplied(cluster: ObjectKey, object: String, resourceVersion: String?, desired: some Hashable & Sendable) -> Bool {
        guard let resourceVersion else { return false }
        return entries.withLock { entries in
            guard let entry = entries[cluster]?[object] else { return false }
            return entry.resourceVersion == resourceVersion && AnyHashable(entry.desired) == AnyHashable(desired)
        }
    }

    func rememberApplied(cluster: ObjectKey, object: String, resourceVersion: String?, desired: some Hashable & Sendable) {
        guard let resourceVersion else { return }
        entries.withLock { $0[cluster, default: [:]][object] = Entry(resourceVersion: resourceVersion, desired: desired) }
    }

    func forget(cluster: ObjectKey) {
        entries.withLock { _ = $0.removeValue(forKey: cluster) }
    }
}
