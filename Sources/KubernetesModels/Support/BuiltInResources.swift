import KubernetesCore

/// One generated resource type with what discovery needs beyond its static identity.
public struct BuiltInResourceType: Sendable {
    public let type: any Resource.Type
    /// Subresources served under `{name}/`, e.g. `status`, `scale`, `log`.
    public let subresources: [String]

    public init(_ type: any Resource.Type, subresources: [String]) {
        self.type = type
        self.subresources = subresources
    }

    public var groupVersionKind: GroupVersionKind { type.groupVersionKind }
    public var groupVersionResource: GroupVersionResource { type.groupVersionResource }
    public var scope: ResourceScope { type.scope }
}

/// The registry of generated resource types (`types` is generated), for the API server and discovery.
public enum BuiltInResources {
    /// Resource types by group/version/kind.
    public static let byGroupVersionKind: [GroupVersionKind: BuiltInResourceType] = Dictionary(
        types.map { ($0.groupVersionKind, $0) }, uniquingKeysWith: { first, _ in first })

    /// The Swift type of every generated resource kind, e.g. `CoreV1.Pod.self` for `v1 Pod`.
    public static let resourceTypes: [GroupVersionKind: any Resource.Type] = byGroupVersionKind.mapValues(\.type)

    /// Resource types by group/version/plural, as URLs name them.
    public static let byGroupVersionResource: [GroupVersionResource: BuiltInResourceType] = Dictionary(
        types.map { ($0.groupVersionResource, $0) }, uniquingKeysWith: { first, _ in first })

    /// The Swift type of a kind, e.g. `CoreV1.Pod.self` for `v1 Pod`.
    public static func type(for kind: GroupVersionKind) -> (any Resource.Type)? {
        resourceTypes[kind]
    }
}
