/// Where a request path points, after matching it against the served resources.
enum RequestRoute: Sendable {
    case version
    case health
    case coreGroupVersions
    case groups
    case groupDiscovery(group: String)
    case resourceList(group: String, version: String)
    case openAPIIndex
    case openAPIDocument(String)
    /// A collection (namespace nil: cluster-scoped or all namespaces).
    case collection(ServedResource, namespace: String?)
    case object(ServedResource, namespace: String?, name: String, subresource: String?)

    /// Parses `/api/v1/...` and `/apis/{group}/{version}/...` against the catalog. Unknown groups and
    /// paths outside the API are plain-text 404s; unknown versions/resources are JSON 404s (as recorded).
    static func parse(_ path: String, catalog: ResourceCatalog) throws(APIError) -> RequestRoute {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch segments.first {
        case "version" where segments.count == 1: return .version
        case "healthz", "readyz", "livez": return .health
        case "openapi":
            if segments.count == 2, segments[1] == "v3" { return .openAPIIndex }
            if segments.count > 2, segments[1] == "v3" { return .openAPIDocument(segments.dropFirst(2).joined(separator: "/")) }
            throw APIError.pageNotFound
        case "api":
            if segments.count == 1 { return .coreGroupVersions }
            guard segments[1] == "v1" else { throw APIError.resourceNotFound }
            if segments.count == 2 { return .resourceList(group: "", version: "v1") }
            return try resourcePath(group: "", version: "v1", rest: Array(segments.dropFirst(2)), catalog: catalog)
        case "apis":
            if segments.count == 1 { return .groups }
            let group = segments[1]
            guard catalog.hasGroup(group) else { throw APIError.pageNotFound }
            if segments.count == 2 { return .groupDiscovery(group: group) }
            let version = segments[2]
            guard catalog.hasGroupVersion(group: group, version: version) else { throw APIError.resourceNotFound }
            if segments.count == 3 { return .resourceList(group: group, version: version) }
            return try resourcePath(group: group, version: version, rest: Array(segments.dropFirst(3)), catalog: catalog)
        default:
            throw APIError.pageNotFound
        }
    }

    private static func resourcePath(group: String, version: String, rest: [String], catalog: ResourceCatalog) throws(APIError) -> RequestRoute {
        func lookup(_ plural: String) throws(APIError) -> ServedResource {
            guard let resource = catalog.resource(group: group, version: version, plural: plural) else { throw APIError.resourceNotFound }
            return resource
        }
        // namespaces/{ns}/{plural}[/{name}[/{sub}]] is a namespaced path unless it is a Namespace's own subresource.
        let isNamespaceSubresource = rest.count == 3 && group.isEmpty && ["status", "finalize"].contains(rest[2])
        if rest.count >= 3, rest[0] == "namespaces", !isNamespaceSubresource {
            let resource = try lookup(rest[2])
            guard resource.namespaced else { throw APIError.resourceNotFound }
            let namespace = rest[1]
            switch rest.count {
            case 3: return .collection(resource, namespace: namespace)
            case 4: return .object(resource, namespace: namespace, name: rest[3], subresource: nil)
            case 5:
                guard resource.subresources.contains(rest[4]) else { throw APIError.resourceNotFound }
                return .object(resource, namespace: namespace, name: rest[3], subresource: rest[4])
            default: throw APIError.resourceNotFound
            }
        }
        let resource = try lookup(rest[0])
        switch rest.count {
        case 1: return .collection(resource, namespace: nil)
        case 2:
            guard !resource.namespaced else { throw APIError.resourceNotFound }
            return .object(resource, namespace: nil, name: rest[1], subresource: nil)
        case 3:
            guard !resource.namespaced, resource.subresources.contains(rest[2]) else { throw APIError.resourceNotFound }
            return .object(resource, namespace: nil, name: rest[1], subresource: rest[2])
        default: throw APIError.resourceNotFound
        }
    }
}
