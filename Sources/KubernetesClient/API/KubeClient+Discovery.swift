import KubernetesCore

/// `GET /version`.
public struct ServerVersion: Codable, Sendable, Hashable {
    public var major: String
    public var minor: String
    public var gitVersion: String
    public var platform: String?
}

/// One entry of a group-version's resource list (`metav1.APIResource`).
public struct DiscoveredResource: Codable, Sendable, Hashable {
    /// Plural, or `plural/subresource`.
    public var name: String
    public var namespaced: Bool
    public var kind: String
    public var verbs: [String]
    public var shortNames: [String]?
}

struct DiscoveredResourceList: Decodable {
    var groupVersion: String
    var resources: [DiscoveredResource]
}

extension KubeClient {
    public func serverVersion() async throws(KubernetesError) -> ServerVersion {
        try await send(APIRequest(method: .get, path: "/version", headers: ["Accept": "application/json"]), decoding: ServerVersion.self)
    }

    /// The resources served for one group-version (`/api/v1` or `/apis/{group}/{version}`).
    public func resources(group: String, version: String) async throws(KubernetesError) -> [DiscoveredResource] {
        let path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        let list = try await send(
            APIRequest(method: .get, path: path, headers: ["Accept": "application/json"]),
            decoding: DiscoveredResourceList.self)
        return list.resources
    }

    /// The plural and scope of a kind; a `.api` NotFound error names the kind if it is not served.
    public func discover(_ kind: GroupVersionKind) async throws(KubernetesError) -> (GroupVersionResource, ResourceScope) {
        let resources = try await resources(group: kind.group, version: kind.version)
        guard let match = resources.first(where: { $0.kind == kind.kind && !$0.name.contains("/") }) else {
            throw KubernetesError(
                code: .api,
                message: "the server does not serve kind \(kind.kind) in \(kind.apiVersion); is its CRD installed?",
                status: Status(status: "Failure", reason: "NotFound", code: 404), httpStatus: 404)
        }
        return (
            GroupVersionResource(group: kind.group, version: kind.version, resource: match.name),
            match.namespaced ? .namespaced : .cluster
        )
    }
}
