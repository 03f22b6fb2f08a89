import Foundation
import KubernetesCore
import KubernetesModels

/// Decodes a body into its Swift type and encodes it again.
typealias RoundTrip = (Data) throws -> Data

/// Every kind the models cover, by `apiVersion` and `kind`: each generated resource, its `XxxList` as
/// `ResourceList<Xxx>`, `Status`, and the meta/discovery kinds.
struct ModelledKinds {
    private(set) var roundTrips: [String: (typeName: String, roundTrip: RoundTrip)] = [:]

    init() {
        for entry in BuiltInResources.types {
            addResource(entry.type)
        }
        add(KubernetesCore.Status.self, apiVersion: "v1", kind: "Status")
        add(AutoscalingV1.Scale.self, apiVersion: "autoscaling/v1", kind: "Scale")
        add(MetaV1.DeleteOptions.self, apiVersion: "v1", kind: "DeleteOptions")
        add(MetaV1.APIResourceList.self, apiVersion: "v1", kind: "APIResourceList")
        add(MetaV1.APIGroupList.self, apiVersion: "v1", kind: "APIGroupList")
        add(MetaV1.APIGroup.self, apiVersion: "v1", kind: "APIGroup")
        add(MetaV1.APIVersions.self, apiVersion: "v1", kind: "APIVersions")
    }

    /// The round trip for a body; discovery bodies sometimes come without `apiVersion` (meta kinds, `v1`).
    func lookup(apiVersion: String?, kind: String) -> (typeName: String, roundTrip: RoundTrip)? {
        roundTrips[key(apiVersion ?? "v1", kind)]
    }

    private func key(_ apiVersion: String, _ kind: String) -> String { "\(apiVersion) \(kind)" }

    private mutating func addResource<R: Resource>(_ type: R.Type) {
        add(R.self, apiVersion: R.apiVersion, kind: R.kind)
        add(ResourceList<R>.self, apiVersion: R.apiVersion, kind: R.kind + "List")
    }

    private mutating func add<T: Codable>(_ type: T.Type, apiVersion: String, kind: String) {
        roundTrips[key(apiVersion, kind)] = (String(reflecting: T.self), { data in
            try JSONEncoder().encode(try JSONDecoder().decode(T.self, from: data))
        })
    }
}
