/// Names that Capstan's custom resources and the objects it creates share: the API group, label and
/// annotation keys, condition types.
public enum CapstanAPI {
    /// The API group of every Capstan custom resource.
    public static let group = "kafka.capstan.dev"
    /// The version served and stored today.
    public static let version = "v1alpha1"
    /// `kubectl get capstan` / `kubectl get kafka` list every kind of these categories.
    public static let categories = ["capstan", "kafka"]
    /// The field manager name the operator's server-side applies use.
    public static let fieldManager = "capstan-operator"
}

/// Label keys Capstan puts on every object it creates, so that objects can be selected by cluster, pool,
/// node and role without parsing names.
public enum CapstanLabel {
    public static let name = "app.kubernetes.io/name"
    public static let instance = "app.kubernetes.io/instance"
    public static let component = "app.kubernetes.io/component"
    public static let partOf = "app.kubernetes.io/part-of"
    public static let managedBy = "app.kubernetes.io/managed-by"
    public static let cluster = "kafka.capstan.dev/cluster"
    public static let pool = "kafka.capstan.dev/pool"
    public static let nodeId = "kafka.capstan.dev/node-id"
    /// `broker`, `controller` or `combined`.
    public static let role = "kafka.capstan.dev/role"
    /// `true` on Pods whose node has the controller role (selects the quorum for the PDB and policies).
    public static let controllerRole = "kafka.capstan.dev/controller"
    /// `true` on Pods whose node has the broker role (the bootstrap Service selects these).
    public static let brokerRole = "kafka.capstan.dev/broker"
}

/// Annotation keys Capstan reads or writes.
public enum CapstanAnnotation {
    /// `"true"` on a KafkaCluster or KafkaNodePool pauses reconciliation: the operator leaves every object
    /// as it is and reports `Reconciling=False` with reason `Paused` until the annotation is removed.
    public static let paused = "kafka.capstan.dev/paused"
    /// On every node Pod: a hash of the node's `server.properties` and pod-level settings, so that a change
    /// that needs a restart is visible by comparing this value with the desired one.
    public static let configHash = "kafka.capstan.dev/config-hash"
    /// On every node Pod: the comma-separated roles of the node (`broker`, `controller`).
    public static let roles = "kafka.capstan.dev/roles"
}

/// The condition types Capstan custom resources report in `status.conditions`.
public enum CapstanCondition {
    /// Every node is running and serving; the cluster is usable.
    public static let ready = "Ready"
    /// The operator is working towards the spec (creating, rolling, waiting for the quorum).
    public static let reconciling = "Reconciling"
    /// Something that was working is not: a node is down, a partition is under-replicated.
    public static let degraded = "Degraded"
    /// The spec asks for something the operator refuses or cannot do yet; the message names the field.
    public static let warning = "Warning"

    public static let all = [ready, reconciling, degraded, warning]
}
