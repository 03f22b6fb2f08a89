import KubernetesClient
import KubernetesCore

/// JSON patches that add or remove a finalizer as compare-and-swap operations: each starts with a `test`
/// of what the patch was computed from, so a concurrent change makes the server reject it (422) instead
/// of silently clobbering another writer's finalizer list.
public enum FinalizerPatch {
    /// Adds `finalizer` to an object whose metadata is `metadata`; nil if it is already there.
    public static func add(_ finalizer: String, to metadata: ObjectMeta) -> [JSONPatchOperation]? {
        guard !metadata.hasFinalizer(finalizer) else { return nil }
        guard let current = metadata.finalizers, !current.isEmpty else {
            // No list to test against: test the resourceVersion instead, then create the list.
            var operations: [JSONPatchOperation] = []
            if let version = metadata.resourceVersion {
                operations.append(.test("/metadata/resourceVersion", .string(version)))
            }
            operations.append(.add("/metadata/finalizers", .array([.string(finalizer)])))
            return operations
        }
        return [
            .test("/metadata/finalizers", .array(current.map(JSONValue.string))),
            .add("/metadata/finalizers/-", .string(finalizer)),
        ]
    }

    /// Removes `finalizer`; nil if it is not there.
    public static func remove(_ finalizer: String, from metadata: ObjectMeta) -> [JSONPatchOperation]? {
        guard let current = metadata.finalizers, let index = current.firstIndex(of: finalizer) else { return nil }
        return [
            .test("/metadata/finalizers/\(index)", .string(finalizer)),
            .remove("/metadata/finalizers/\(index)"),
        ]
    }
}

/// What `Finalizer.reconcile` asks of its caller's code.
public enum FinalizerEvent<Object: Sendable>: Sendable {
    /// The object is live (and carries the finalizer): make the world match it.
    case apply(Object)
    /// The object is being deleted: undo what `apply` did; the finalizer is removed once this returns.
    case cleanup(Object)
}

/// kube-rs's `finalizer()` helper: guarantees `cleanup` runs (to completion) before an object that
/// `apply` acted on disappears.
///
/// - live object without the finalizer: add it (JSON patch with test), wait for the change;
/// - live object with it: run `apply`;
/// - deleted object with it: run `cleanup`, then remove the finalizer;
/// - deleted object without it: nothing to do.
public struct Finalizer<Object: Resource>: Sendable {
    public let name: String
    let api: Api<Object>

    /// `name` is a qualified finalizer name, e.g. `kafka.capstan.dev/cleanup`.
    public init(_ name: String, api: Api<Object>) {
        self.name = name
        self.api = api
    }

    public func reconcile(
        _ object: Object, _ body: (FinalizerEvent<Object>) async throws -> ReconcileAction
    ) async throws -> ReconcileAction {
        let metadata = object.metadata
        let hasFinalizer = metadata.hasFinalizer(name)
        switch (metadata.isBeingDeleted, hasFinalizer) {
        case (false, false):
            if let patch = FinalizerPatch.add(name, to: metadata), let objectName = metadata.name {
                _ = try await scopedApi(metadata).jsonPatch(objectName, patch)
            }
            // The patch produces a watch event that brings us back with the finalizer in place.
            return .awaitChange
        case (false, true):
            return try await body(.apply(object))
        case (true, true):
            let action = try await body(.cleanup(object))
            if let patch = FinalizerPatch.remove(name, from: metadata), let objectName = metadata.name {
                do {
                    _ = try await scopedApi(metadata).jsonPatch(objectName, patch)
                } catch let error where error.isNotFound {
                    return .done
                }
            }
            return action == .done ? .done : action
        case (true, false):
            return .done
        }
    }

    private func scopedApi(_ metadata: ObjectMeta) -> Api<Object> {
        guard Object.scope == .namespaced, let namespace = metadata.namespace else { return api }
        return api.client.api(Object.self, namespace: namespace)
    }
}
