/// Whether a resource lives in a namespace or at cluster scope.
public enum ResourceScope: String, Sendable, Hashable, Codable {
    case namespaced = "Namespaced"
    case cluster = "Cluster"
}

/// A Kubernetes API object type: its identity on the API (group, version, kind, plural, scope) and the
/// metadata every object carries.
///
/// Generated built-in types (KubernetesModels) and Capstan's own custom resources conform. `apiVersion`
/// and `kind` are stored so that list items (which the API server sends without them) and objects built
/// in code both encode with the right values.
public protocol Resource: Codable, Sendable {
    /// API group; empty for the legacy core group (`v1`).
    static var group: String { get }
    /// API version within the group, e.g. `v1`.
    static var version: String { get }
    /// Kind, e.g. `Pod`.
    static var kind: String { get }
    /// Lower-case plural used in URLs, e.g. `pods`.
    static var plural: String { get }
    /// Namespaced or cluster-scoped.
    static var scope: ResourceScope { get }

    var apiVersion: String { get set }
    var kind: String { get set }
    var metadata: ObjectMeta { get set }
}

extension Resource {
    /// `group/version`, or just `version` for the core group.
    public static var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    public static var groupVersionKind: GroupVersionKind {
        GroupVersionKind(group: group, version: version, kind: kind)
    }

    public static var groupVersionResource: GroupVersionResource {
        GroupVersionResource(group: group, version: version, resource: plural)
    }
}

/// A resource with a desired-state `spec`.
public protocol HasSpec: Resource {
    associatedtype SpecType: Codable & Sendable
    var spec: SpecType? { get set }
}

/// A resource with an observed-state `status`, written through the `/status` subresource.
public protocol HasStatus: Resource {
    associatedtype StatusType: Codable & Sendable
    var status: StatusType? { get set }
}
