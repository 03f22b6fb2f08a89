import KubernetesCore

/// Every resource the server serves: the built-ins plus whatever established CRDs add.
///
/// A value type held inside the store's lock, so a CRD's resources appear and disappear atomically
/// with the CRD object itself.
struct ResourceCatalog: Sendable {
    private(set) var resources: [ServedResource]
    /// Schemas of served custom resource versions, by "group/version/plural".
    private(set) var customSchemas: [String: CustomResourceSchemaBundle] = [:]
    private var byPath: [String: ServedResource] = [:]

    init(builtIns: [ServedResource] = ServedResource.builtIns) {
        resources = builtIns
        reindex()
    }

    private mutating func reindex() {
        byPath = Dictionary(resources.map { ("\($0.group)/\($0.version)/\($0.plural)", $0) }, uniquingKeysWith: { first, _ in first })
    }

    func resource(group: String, version: String, plural: String) -> ServedResource? {
        byPath["\(group)/\(version)/\(plural)"]
    }

    func resource(group: String, version: String, kind: String) -> ServedResource? {
        resources.first { $0.group == group && $0.version == version && $0.kind == kind }
    }

    /// Resources of every version that share a storage key (a CRD's versions, core/events.k8s.io events are separate).
    func versions(ofStorageKey key: String) -> [ServedResource] {
        resources.filter { $0.storageKey == key }
    }

    func hasGroupVersion(group: String, version: String) -> Bool {
        resources.contains { $0.group == group && $0.version == version }
    }

    func hasGroup(_ group: String) -> Bool { resources.contains { $0.group == group } }

    /// Group names in discovery order: built-in groups first as registered, then CRD groups.
    var groups: [String] {
        var seen: Set<String> = []
        return resources.map(\.group).filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    func versions(ofGroup group: String) -> [String] {
        var seen: Set<String> = []
        return resources.filter { $0.group == group }.map(\.version).filter { seen.insert($0).inserted }
            .sorted { Self.versionPriority($0) > Self.versionPriority($1) }
    }

    /// Kubernetes version ordering: GA > beta > alpha, higher numbers first.
    static func versionPriority(_ version: String) -> Int {
        let scanner = version.dropFirst()
        let major = Int(scanner.prefix { $0.isNumber }) ?? 0
        let rest = scanner.drop { $0.isNumber }
        if rest.isEmpty { return 1_000_000 + major * 1000 }
        let level = rest.hasPrefix("beta") ? 500_000 : 0
        let minor = Int(rest.drop { !$0.isNumber }) ?? 0
        return level + major * 1000 + minor
    }

    func resources(group: String, version: String) -> [ServedResource] {
        resources.filter { $0.group == group && $0.version == version }.sorted { $0.plural < $1.plural }
    }

    mutating func serve(_ served: [ServedResource], schemas: [String: CustomResourceSchemaBundle], definedBy crd: String) {
        stopServing(definedBy: crd)
        resources.append(contentsOf: served)
        customSchemas.merge(schemas) { _, new in new }
        reindex()
    }

    mutating func stopServing(definedBy crd: String) {
        for resource in resources where resource.definedBy == crd {
            customSchemas["\(resource.group)/\(resource.version)/\(resource.plural)"] = nil
        }
        resources.removeAll { $0.definedBy == crd }
        reindex()
    }
}
