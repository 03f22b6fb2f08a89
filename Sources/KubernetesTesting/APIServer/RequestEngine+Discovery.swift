import KubernetesCore

/// `/api`, `/apis`, group and resource lists, aggregated discovery (v2) and the OpenAPI v3 index.
extension RequestEngine {
    static let discoveryV2ContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"

    func discovery(_ route: RequestRoute, format: ResponseFormat, catalog: ResourceCatalog) throws(APIError) -> ServerResponse {
        switch route {
        case .coreGroupVersions:
            if format == .discoveryV2 { return discoveryV2(groups: [""], catalog: catalog) }
            return .json(200, ["kind": "APIVersions", "versions": ["v1"],
                               "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string("\(configuration.host):\(boundPort.withLock { $0 })")]]])
        case .groups:
            if format == .discoveryV2 { return discoveryV2(groups: catalog.groups, catalog: catalog) }
            return .json(200, ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(catalog.groups.map { groupInfo($0, catalog: catalog) })])
        case .groupDiscovery(let group):
            var info = groupInfo(group, catalog: catalog)
            info["kind"] = "APIGroup"
            info["apiVersion"] = "v1"
            return .json(200, info)
        case .resourceList(let group, let version):
            var list: JSONValue = ["kind": "APIResourceList", "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"),
                                   "resources": .array(catalog.resources(group: group, version: version).flatMap(resourceEntries))]
            if !group.isEmpty { list["apiVersion"] = "v1" }
            return .json(200, list)
        case .openAPIIndex:
            var paths: [String: JSONValue] = ["api": ["serverRelativeURL": "/openapi/v3/api"], "apis": ["serverRelativeURL": "/openapi/v3/apis"]]
            paths["api/v1"] = ["serverRelativeURL": "/openapi/v3/api/v1"]
            for group in catalog.groups {
                paths["apis/\(group)"] = .object(["serverRelativeURL": .string("/openapi/v3/apis/\(group)")])
                for version in catalog.versions(ofGroup: group) {
                    paths["apis/\(group)/\(version)"] = .object(["serverRelativeURL": .string("/openapi/v3/apis/\(group)/\(version)")])
                }
            }
            return .complete(status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")], body: JSONCodec.serialize(["paths": .object(paths)]))
        case .openAPIDocument(let path):
            return .json(200, try openAPIDocument(path, catalog: catalog))
        default:
            throw APIError.pageNotFound
        }
    }

    func groupInfo(_ group: String, catalog: ResourceCatalog) -> JSONValue {
        let versions = catalog.versions(ofGroup: group).map { version -> JSONValue in
            ["groupVersion": .string("\(group)/\(version)"), "version": .string(version)]
        }
        return ["name": .string(group), "versions": .array(versions), "preferredVersion": versions.first ?? [:]]
    }

    func resourceEntries(_ resource: ServedResource) -> [JSONValue] {
        var entry: JSONValue = ["name": .string(resource.plural), "singularName": .string(resource.singular), "namespaced": .bool(resource.namespaced),
                                "kind": .string(resource.kind), "verbs": .array(resource.verbs.map(JSONValue.string)),
                                "storageVersionHash": .string(resource.storageVersionHash)]
        if !resource.shortNames.isEmpty { entry["shortNames"] = .array(resource.shortNames.map(JSONValue.string)) }
        if !resource.categories.isEmpty { entry["categories"] = .array(resource.categories.map(JSONValue.string)) }
        let subresources = resource.subresources.map { subresource -> JSONValue in
            let kind = subresource == "scale" ? "Scale" : resource.kind
            var sub: JSONValue = ["name": .string("\(resource.plural)/\(subresource)"), "singularName": "", "namespaced": .bool(resource.namespaced),
                                  "kind": .string(kind), "verbs": ["get", "patch", "update"]]
            if subresource == "scale" { sub["group"] = "autoscaling"; sub["version"] = "v1" }
            return sub
        }
        return [entry] + subresources
    }

    func discoveryV2(groups: [String], catalog: ResourceCatalog) -> ServerResponse {
        let items = groups.map { group -> JSONValue in
            let versions = catalog.versions(ofGroup: group).map { version -> JSONValue in
                let resources = catalog.resources(group: group, version: version).map { resource -> JSONValue in
                    var entry: JSONValue = ["resource": .string(resource.plural), "singularResource": .string(resource.singular),
                                            "scope": resource.namespaced ? "Namespaced" : "Cluster",
                                            "responseKind": ["group": "", "version": "", "kind": .string(resource.kind)],
                                            "verbs": .array(resource.verbs.map(JSONValue.string))]
                    if !resource.shortNames.isEmpty { entry["shortNames"] = .array(resource.shortNames.map(JSONValue.string)) }
                    if !resource.categories.isEmpty { entry["categories"] = .array(resource.categories.map(JSONValue.string)) }
                    if !resource.subresources.isEmpty {
                        entry["subresources"] = .array(resource.subresources.map { subresource in
                            let kind: JSONValue = subresource == "scale"
                                ? ["group": "autoscaling", "version": "v1", "kind": "Scale"] : ["group": "", "version": "", "kind": .string(resource.kind)]
                            return ["subresource": .string(subresource), "responseKind": kind, "verbs": ["get", "patch", "update"]]
                        })
                    }
                    return entry
                }
                return ["version": .string(version), "freshness": "Current", "resources": .array(resources)]
            }
            let metadata: JSONValue = group.isEmpty ? [:] : ["name": .string(group)]
            return ["metadata": metadata, "versions": .array(versions)]
        }
        return .complete(status: 200, headers: [("Content-Type", Self.discoveryV2ContentType)],
                         body: JSONCodec.serialize(["apiVersion": "apidiscovery.k8s.io/v2", "kind": "APIGroupDiscoveryList", "metadata": [:], "items": .array(items)]))
    }

    /// A per-group-version OpenAPI v3 document with the paths and operations (no schemas): enough for
    /// kubectl to see that PATCH takes `fieldValidation`, so it validates on the server instead of
    /// downloading schemas.
    func openAPIDocument(_ path: String, catalog: ResourceCatalog) throws(APIError) -> JSONValue {
        let parts = path.split(separator: "/").map(String.init)
        let (group, version): (String, String)
        switch parts.count {
        case 2 where parts[0] == "api": (group, version) = ("", parts[1])
        case 3 where parts[0] == "apis": (group, version) = (parts[1], parts[2])
        default: throw APIError.pageNotFound
        }
        guard catalog.hasGroupVersion(group: group, version: version) else { throw APIError.pageNotFound }
        let queryParameters: [JSONValue] = ["dryRun", "fieldManager", "fieldValidation", "force"].map { name in
            ["name": .string(name), "in": "query", "schema": ["type": "string", "uniqueItems": true]]
        }
        var paths: [String: JSONValue] = [:]
        for resource in catalog.resources(group: group, version: version) {
            let prefix = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
            let collection = resource.namespaced ? "\(prefix)/namespaces/{namespace}/\(resource.plural)" : "\(prefix)/\(resource.plural)"
            let gvk: JSONValue = ["group": .string(group), "version": .string(version), "kind": .string(resource.kind)]
            func operation(_ action: String) -> JSONValue {
                ["x-kubernetes-action": .string(action), "x-kubernetes-group-version-kind": gvk, "parameters": .array(queryParameters),
                 "responses": ["200": ["description": "OK"]]]
            }
            paths[collection] = ["get": operation("list"), "post": operation("post")]
            paths["\(collection)/{name}"] = ["get": operation("get"), "put": operation("put"), "patch": operation("patch"), "delete": operation("delete")]
        }
        return ["openapi": "3.0.0", "info": ["title": "Kubernetes", "version": "v1.36.2"], "paths": .object(paths), "components": ["schemas": [:]]]
    }
}
