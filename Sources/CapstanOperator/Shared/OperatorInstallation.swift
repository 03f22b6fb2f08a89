import KubernetesCore
import KubernetesModels

/// `capstan install`: everything needed to run the operator in a cluster: the CRDs, a Namespace, a
/// ServiceAccount, least-privilege RBAC and the operator Deployment.
public struct OperatorInstallation: Sendable {
    /// One object to print, with the comment printed above it (why it exists, why each permission).
    public struct Entry: Sendable {
        public var comment: String?
        public var object: any Resource
    }

    /// One RBAC rule and the reason the operator needs it.
    public struct Permission: Sendable {
        public var apiGroup: String
        public var resources: [String]
        public var verbs: [String]
        public var why: String

        var rule: RbacV1.PolicyRule {
            RbacV1.PolicyRule(apiGroups: [apiGroup], resources: resources, verbs: verbs)
        }
    }

    public var namespace: String
    public var image: String
    public var name = "capstan-operator"

    public init(namespace: String = "capstan-system", image: String) {
        self.namespace = namespace
        self.image = image
    }

    /// Everything the operator does to each resource, and nothing more. Writes are server-side applies
    /// (PATCH); applying an object that does not exist yet also needs `create`.
    public static let clusterPermissions: [Permission] = [
        Permission(
            apiGroup: CapstanAPI.group, resources: ["kafkaclusters", "kafkanodepools"], verbs: ["get", "list", "watch", "patch"],
            why: "watch the custom resources; patch only adds and removes the operator's finalizer"),
        Permission(
            apiGroup: CapstanAPI.group, resources: ["kafkaclusters/status", "kafkanodepools/status"], verbs: ["get", "patch"],
            why: "write status (conditions, node ids, listener addresses) through the status subresource"),
        Permission(
            apiGroup: CapstanAPI.group, resources: ["kafkaclusters/finalizers"], verbs: ["update"],
            why: "set blockOwnerDeletion on the ownerReferences of the objects a cluster owns"),
        Permission(
            apiGroup: "", resources: ["pods"], verbs: ["get", "list", "watch", "create", "patch", "delete"],
            why: "run each Kafka node as its own Pod; delete is how a node is restarted or removed, one at a time"),
        Permission(
            apiGroup: "", resources: ["persistentvolumeclaims"], verbs: ["get", "list", "watch", "create", "patch", "delete"],
            why: "create each node's volumes, grow them; delete only when the pool's deleteClaim policy says so"),
        Permission(
            apiGroup: "", resources: ["configmaps", "services"], verbs: ["get", "list", "watch", "create", "patch", "delete"],
            why: "per-node server.properties and the Services; delete those of removed nodes and listeners"),
        Permission(
            apiGroup: "", resources: ["serviceaccounts"], verbs: ["get", "list", "watch", "create", "patch"],
            why: "the node Pods' ServiceAccount (no token, no permissions); removed with the cluster by the garbage collector"),
        Permission(
            apiGroup: "policy", resources: ["poddisruptionbudgets"], verbs: ["get", "list", "watch", "create", "patch"],
            why: "one PodDisruptionBudget per cluster so that node drains take one Kafka node at a time"),
        Permission(
            apiGroup: "networking.k8s.io", resources: ["networkpolicies"], verbs: ["get", "list", "watch", "create", "patch"],
            why: "keep the quorum and replication ports closed to everyone but the cluster and the operator"),
        Permission(
            apiGroup: "events.k8s.io", resources: ["events"], verbs: ["create", "patch"],
            why: "record what the operator did on the custom resources (patch aggregates repeated events)"),
    ]

    /// Leader election, only in the operator's own namespace.
    public static let leaderElectionPermissions: [Permission] = [
        Permission(
            apiGroup: "coordination.k8s.io", resources: ["leases"], verbs: ["get", "create", "update"],
            why: "leader election: only one replica reconciles at a time"),
    ]

    var labels: [String: String] {
        [CapstanLabel.name: name, CapstanLabel.partOf: "capstan", CapstanLabel.managedBy: "capstan"]
    }

    /// Every object, in the order `kubectl apply` needs them.
    public var entries: [Entry] {
        var entries = CapstanCustomResourceDefinitions.all.map { Entry(comment: nil, object: $0) }
        entries.append(Entry(comment: "The operator's namespace.", object: CoreV1.Namespace(metadata: ObjectMeta(name: namespace, labels: labels))))
        entries.append(
            Entry(
                comment: "The operator's identity.",
                object: CoreV1.ServiceAccount(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels))))
        entries.append(
            Entry(
                comment: Self.explain(Self.clusterPermissions, title: "What the operator may do in every namespace, and why:"),
                object: RbacV1.ClusterRole(metadata: ObjectMeta(name: name, labels: labels), rules: Self.clusterPermissions.map(\.rule))))
        entries.append(
            Entry(
                comment: nil,
                object: RbacV1.ClusterRoleBinding(
                    metadata: ObjectMeta(name: name, labels: labels),
                    roleRef: RbacV1.RoleRef(apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: name),
                    subjects: [RbacV1.Subject(kind: "ServiceAccount", name: name, namespace: namespace)])))
        entries.append(
            Entry(
                comment: Self.explain(Self.leaderElectionPermissions, title: "What the operator may do in its own namespace, and why:"),
                object: RbacV1.Role(
                    metadata: ObjectMeta(name: name + "-leader-election", namespace: namespace, labels: labels),
                    rules: Self.leaderElectionPermissions.map(\.rule))))
        entries.append(
            Entry(
                comment: nil,
                object: RbacV1.RoleBinding(
                    metadata: ObjectMeta(name: name + "-leader-election", namespace: namespace, labels: labels),
                    roleRef: RbacV1.RoleRef(apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: name + "-leader-election"),
                    subjects: [RbacV1.Subject(kind: "ServiceAccount", name: name, namespace: namespace)])))
        entries.append(Entry(comment: "The operator. Run 2 replicas for a warm standby: leader election keeps one active.", object: deployment))
        return entries
    }

    static func explain(_ permissions: [Permission], title: String) -> String {
        ([title] + permissions.map { permission in
            let group = permission.apiGroup.isEmpty ? "core" : permission.apiGroup
            return "  \(permission.resources.joined(separator: ", ")) (\(group)): \(permission.verbs.joined(separator: ", ")): \(permission.why)"
        }).joined(separator: "\n")
    }

    /// The port of the operator's HTTP endpoint: /healthz, /readyz, /metrics.
    public static let httpPort: Int32 = 8080

    var deployment: AppsV1.Deployment {
        var container = CoreV1.Container(name: "operator")
        container.image = image
        container.args = ["operator", "--leader-elect", "--metrics-address", "0.0.0.0:\(Self.httpPort)"]
        container.ports = [CoreV1.ContainerPort(containerPort: Self.httpPort, name: "http", protocol: "TCP")]
        container.env = [
            CoreV1.EnvVar(name: "POD_NAME", valueFrom: CoreV1.EnvVarSource(fieldRef: CoreV1.ObjectFieldSelector(fieldPath: "metadata.name"))),
            CoreV1.EnvVar(
                name: "POD_NAMESPACE", valueFrom: CoreV1.EnvVarSource(fieldRef: CoreV1.ObjectFieldSelector(fieldPath: "metadata.namespace"))),
        ]
        container.resources = CoreV1.ResourceRequirements(
            limits: ["memory": Quantity(integer: 256 * 1024 * 1024, format: .binarySI)],
            requests: ["cpu": Quantity(milli: 50), "memory": Quantity(integer: 64 * 1024 * 1024, format: .binarySI)])
        container.livenessProbe = CoreV1.Probe(
            httpGet: CoreV1.HTTPGetAction(path: "/healthz", port: .string("http")), periodSeconds: 10)
        container.readinessProbe = CoreV1.Probe(
            httpGet: CoreV1.HTTPGetAction(path: "/readyz", port: .string("http")), periodSeconds: 5)
        var security = CoreV1.SecurityContext()
        security.allowPrivilegeEscalation = false
        security.readOnlyRootFilesystem = true
        security.runAsNonRoot = true
        security.runAsUser = 65532
        security.capabilities = CoreV1.Capabilities(drop: ["ALL"])
        security.seccompProfile = CoreV1.SeccompProfile(type: "RuntimeDefault")
        container.securityContext = security

        var pod = CoreV1.PodSpec(containers: [container])
        pod.serviceAccountName = name
        pod.terminationGracePeriodSeconds = 30
        let selector = [CapstanLabel.name: name]
        var spec = AppsV1.DeploymentSpec(
            selector: LabelSelector(matchLabels: selector),
            template: CoreV1.PodTemplateSpec(metadata: ObjectMeta(labels: labels), spec: pod))
        spec.replicas = 1
        return AppsV1.Deployment(metadata: ObjectMeta(name: name, namespace: namespace, labels: labels), spec: spec)
    }

    /// The manifests as one YAML stream, each object preceded by its comment.
    public func yaml() throws -> String {
        try entries.map { entry in
            let comment = entry.comment.map { $0.split(separator: "\n").map { "# " + $0 }.joined(separator: "\n") + "\n" } ?? ""
            return comment + (try Manifests.yaml(entry.object))
        }.joined(separator: "---\n")
    }
}
