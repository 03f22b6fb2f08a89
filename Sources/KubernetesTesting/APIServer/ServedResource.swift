import KubernetesCore
import KubernetesModels

/// One resource collection the server serves at one group/version, with what discovery and the
/// handlers need to know about it.
struct ServedResource: Sendable, Hashable {
    var group: String
    var version: String
    var plural: String
    var kind: String
    var singular: String
    var namespaced: Bool
    var subresources: [String]
    var shortNames: [String] = []
    var categories: [String] = []
    /// Set for resources served by a CustomResourceDefinition (its name).
    var definedBy: String?
    /// For custom resources with a scale subresource: JSON paths (`.spec.replicas`) of the scale fields.
    var scale: ScalePaths?
    /// For custom resources: the CRD's storage version (what `storageVersionHash` is made of).
    var customStorageVersion: String?
    /// Verbs on the collection; some built-ins (namespaces) have no deletecollection.
    var verbs: [String] = ServedResource.allVerbs

    static let allVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    struct ScalePaths: Sendable, Hashable {
        var specReplicas: String
        var statusReplicas: String
        var labelSelector: String?
    }

    var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    var listKind: String { "\(kind)List" }
    var isCustom: Bool { definedBy != nil }
    /// Storage identity: objects are shared by every version of a group/resource, and events.k8s.io
    /// Events are core Events seen through another API (one store, converted on the way in and out).
    var storageKey: String { selectorKey == "events.k8s.io/events" ? "/events" : selectorKey }
    /// The group and resource as the API names them (field selectors and type rules are registered by it).
    var selectorKey: String { "\(group)/\(plural)" }
    /// True when objects are stored in another API's shape (see `EventConversion`).
    var storedAsCoreEvent: Bool { selectorKey == "events.k8s.io/events" }
    /// `configmaps`, `deployments.apps`: how apimachinery names a resource in messages.
    var qualifiedResource: String { group.isEmpty ? plural : "\(plural).\(group)" }
    var groupVersionResource: GroupVersionResource { GroupVersionResource(group: group, version: version, resource: plural) }
}

extension ServedResource {
    /// Built-in resources served from the generated registry, with the discovery extras kubectl uses
    /// (short names like `cm`, the `all` category).
    static let builtIns: [ServedResource] = BuiltInResources.types.map { type in
        let plural = type.groupVersionResource.resource
        let extras = discoveryExtras[plural]
        var resource = ServedResource(
            group: type.groupVersionKind.group, version: type.groupVersionKind.version, plural: plural,
            kind: type.groupVersionKind.kind, singular: type.groupVersionKind.kind.lowercased(),
            namespaced: type.scope == .namespaced, subresources: type.subresources,
            shortNames: extras?.shortNames ?? [], categories: extras?.categories ?? [])
        if plural == "namespaces" { resource.verbs = ["create", "delete", "get", "list", "patch", "update", "watch"] }
        return resource
    }

    /// Short names and categories as the real server lists them in discovery.
    private static let discoveryExtras: [String: (shortNames: [String], categories: [String])] = [
        "configmaps": (["cm"], []), "endpoints": (["ep"], []), "events": (["ev"], []), "namespaces": (["ns"], []),
        "nodes": (["no"], []), "persistentvolumeclaims": (["pvc"], []), "persistentvolumes": (["pv"], []),
        "pods": (["po"], ["all"]), "serviceaccounts": (["sa"], []), "services": (["svc"], ["all"]),
        "deployments": (["deploy"], ["all"]), "statefulsets": (["sts"], ["all"]), "jobs": ([], ["all"]),
        "poddisruptionbudgets": (["pdb"], []), "customresourcedefinitions": (["crd", "crds"], ["api-extensions"]),
        "storageclasses": (["sc"], []), "networkpolicies": (["netpol"], []),
    ]
}
