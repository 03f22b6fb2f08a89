import KubernetesCore

/// The top-level fields of a custom resource as they arrive: list items come without `apiVersion` and
/// `kind`, and `metadata` may be absent in a manifest, so every field is optional here and the resource
/// type fills in its own defaults.
struct CustomResourceEnvelope<Spec: Decodable, Status: Decodable>: Decodable {
    var apiVersion: String?
    var kind: String?
    var metadata: ObjectMeta?
    var spec: Spec?
    var status: Status?
}
