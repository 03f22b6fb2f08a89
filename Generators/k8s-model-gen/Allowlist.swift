/// The OpenAPI schemas Capstan needs; everything they reference is generated too.
enum Allowlist {
    static let roots: [String] = [
        "io.k8s.api.core.v1.Pod",
        "io.k8s.api.core.v1.Service",
        "io.k8s.api.core.v1.ConfigMap",
        "io.k8s.api.core.v1.Secret",
        "io.k8s.api.core.v1.PersistentVolumeClaim",
        "io.k8s.api.core.v1.PersistentVolume",
        "io.k8s.api.core.v1.ServiceAccount",
        "io.k8s.api.core.v1.Namespace",
        "io.k8s.api.core.v1.Node",
        "io.k8s.api.core.v1.Endpoints",
        "io.k8s.api.core.v1.Event",
        "io.k8s.api.events.v1.Event",
        "io.k8s.api.apps.v1.StatefulSet",
        "io.k8s.api.apps.v1.Deployment",
        "io.k8s.api.policy.v1.PodDisruptionBudget",
        "io.k8s.api.coordination.v1.Lease",
        "io.k8s.api.rbac.v1.Role",
        "io.k8s.api.rbac.v1.RoleBinding",
        "io.k8s.api.rbac.v1.ClusterRole",
        "io.k8s.api.rbac.v1.ClusterRoleBinding",
        "io.k8s.api.networking.v1.NetworkPolicy",
        "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition",
        "io.k8s.api.batch.v1.Job",
        "io.k8s.api.storage.v1.StorageClass",
        "io.k8s.api.discovery.v1.EndpointSlice",
        "io.k8s.api.autoscaling.v1.Scale",
        "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
        "io.k8s.apimachinery.pkg.apis.meta.v1.Preconditions",
        "io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList",
        "io.k8s.apimachinery.pkg.apis.meta.v1.APIGroupList",
        "io.k8s.apimachinery.pkg.apis.meta.v1.APIGroup",
        "io.k8s.apimachinery.pkg.apis.meta.v1.APIVersions",
    ]

    /// Required fields the API server nevertheless sends as `null` (Go fields without `omitempty` whose zero
    /// value is nil), so they must stay optional in Swift or real responses would fail to decode.
    static let nullableRequiredFields: Set<String> = [
        // events.k8s.io/v1 reads of core/v1 Events created without eventTime: `"eventTime": null`.
        "io.k8s.api.events.v1.Event.eventTime",
        // An EndpointSlice with no endpoints is served with `"endpoints": null`.
        "io.k8s.api.discovery.v1.EndpointSlice.endpoints",
    ]
}
