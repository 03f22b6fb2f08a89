import KubernetesCore

/// Maps changes of watched objects to reconcile requests of the primary resource.
public enum OwnerMapping {
    /// The primary object that controls `child` (its ownerReference with `controller: true` of kind
    /// `Owner`), as a request. Cluster-scoped owners have no namespace; namespaced owners share the
    /// child's namespace (owner references cannot cross namespaces).
    public static func controllerRequest<Owner: Resource>(of child: ObjectMeta, ownerType: Owner.Type) -> ReconcileRequest? {
        guard let reference = child.controllerReference, reference.kind == Owner.kind,
            group(of: reference.apiVersion) == Owner.group
        else { return nil }
        return ReconcileRequest(namespace: Owner.scope == .namespaced ? child.namespace : nil, name: reference.name)
    }

    /// Requests for both sides of a change, so a child that moved to another owner wakes both owners.
    static func requests<Child: Resource, Owner: Resource>(
        for change: StoreChange<Child>, ownerType: Owner.Type
    ) -> [ReconcileRequest] {
        var requests: [ReconcileRequest] = []
        for side in [change.old, change.new] {
            if let side, let request = controllerRequest(of: side.metadata, ownerType: Owner.self), !requests.contains(request) {
                requests.append(request)
            }
        }
        return requests
    }

    /// `apps/v1` -> `apps`, `v1` -> `` (core).
    static func group(of apiVersion: String) -> String {
        guard let slash = apiVersion.firstIndex(of: "/") else { return "" }
        return String(apiVersion[..<slash])
    }
}
