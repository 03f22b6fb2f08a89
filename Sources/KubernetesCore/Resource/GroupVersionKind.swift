/// Identifies a kind on the API: `apps/v1 Deployment`.
public struct GroupVersionKind: Hashable, Sendable, Codable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var kind: String

    public init(group: String, version: String, kind: String) {
        self.group = group
        self.version = version
        self.kind = kind
    }

    /// Parses an `apiVersion` (`apps/v1` or `v1`) and a kind.
    public init(apiVersion: String, kind: String) {
        let parts = apiVersion.split(separator: "/", maxSplits: 1)
        if parts.count == 2 {
            self.init(group: String(parts[0]), version: String(parts[1]), kind: kind)
        } else {
            self.init(group: "", version: apiVersion, kind: kind)
        }
    }

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    public var description: String { "\(apiVersion) \(kind)" }
}

/// Identifies a resource collection on the API: `apps/v1 deployments`.
public struct GroupVersionResource: Hashable, Sendable, Codable, CustomStringConvertible {
    public var group: String
    public var version: String
    public var resource: String

    public init(group: String, version: String, resource: String) {
        self.group = group
        self.version = version
        self.resource = resource
    }

    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }
    public var description: String { "\(apiVersion) \(resource)" }
}
