/// A client-go credential plugin (kubeconfig `users[].user.exec`): a command that prints an
/// `ExecCredential` (client.authentication.k8s.io/v1 or v1beta1) with a bearer token and/or a client
/// certificate. Used by `gke-gcloud-auth-plugin`, `aws eks get-token`, `kubelogin`, and the like.
public struct ExecPluginConfiguration: Sendable, Hashable {
    /// How the plugin may talk to the user (kubeconfig `interactiveMode`).
    public enum InteractiveMode: String, Sendable, Hashable {
        /// The plugin never gets the terminal's stdin.
        case never = "Never"
        /// The plugin gets stdin when it is a terminal (v1beta1's default).
        case ifAvailable = "IfAvailable"
        /// The plugin needs a terminal; running without one is an error.
        case always = "Always"
    }

    /// The program: an absolute path, a path relative to the kubeconfig's folder (when it contains
    /// `/`), or a name looked up in `PATH`.
    public var command: String
    public var arguments: [String]
    /// Extra environment variables, in kubeconfig order, on top of this process's environment.
    public var environment: [EnvironmentVariable]
    /// `client.authentication.k8s.io/v1` or `client.authentication.k8s.io/v1beta1`; the plugin must
    /// answer with the same version.
    public var apiVersion: String
    public var interactiveMode: InteractiveMode
    /// Shown when the command cannot be found (kubeconfig `installHint`).
    public var installHint: String?
    /// When true, `KUBERNETES_EXEC_INFO` carries the cluster (server, CA, TLS server name).
    public var provideClusterInfo: Bool
    /// The cluster handed to the plugin when `provideClusterInfo` is set.
    public var cluster: ClusterInfo
    /// The folder of the kubeconfig that declared the plugin (relative commands resolve from there),
    /// and the file itself, for error messages.
    public var kubeconfigPath: String?

    public struct EnvironmentVariable: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The cluster as `ExecCredential.spec.cluster` describes it.
    public struct ClusterInfo: Sendable, Hashable {
        public var server: String
        public var tlsServerName: String?
        public var insecureSkipTLSVerify: Bool
        public var certificateAuthorityData: [UInt8]?

        public init(server: String, tlsServerName: String? = nil, insecureSkipTLSVerify: Bool = false, certificateAuthorityData: [UInt8]? = nil) {
            self.server = server
            self.tlsServerName = tlsServerName
            self.insecureSkipTLSVerify = insecureSkipTLSVerify
            self.certificateAuthorityData = certificateAuthorityData
        }
    }

    /// The API versions of `ExecCredential` this client speaks.
    public static let supportedAPIVersions = ["client.authentication.k8s.io/v1", "client.authentication.k8s.io/v1beta1"]

    public init(
        command: String, arguments: [String] = [], environment: [EnvironmentVariable] = [],
        apiVersion: String = "client.authentication.k8s.io/v1", interactiveMode: InteractiveMode = .ifAvailable,
        installHint: String? = nil, provideClusterInfo: Bool = false, cluster: ClusterInfo, kubeconfigPath: String? = nil
    ) {
        self.command = command
        self.arguments = arguments
        self.environment = environment
        self.apiVersion = apiVersion
        self.interactiveMode = interactiveMode
        self.installHint = installHint
        self.provideClusterInfo = provideClusterInfo
        self.cluster = cluster
        self.kubeconfigPath = kubeconfigPath
    }
}
