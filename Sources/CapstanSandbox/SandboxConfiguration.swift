import KubernetesClient

/// What `capstan sandbox` runs: which manifests, where it listens and writes, how the simulated nodes
/// behave, and whether it stops once everything is Ready.
public struct SandboxConfiguration: Sendable {
    /// Applied in order once the operator runs (default: examples/quickstart.yaml, chosen by the command).
    public var manifests: [SandboxManifest]
    /// The API server's port on 127.0.0.1; 0 picks a free one.
    public var apiServerPort: Int = 0
    /// Port on 127.0.0.1 where the operator serves /metrics, /healthz and /readyz; nil serves none.
    public var operatorMetricsPort: Int?
    /// Serve the API server over HTTPS with a CA made at start (written into the kubeconfig).
    public var tls: Bool = false
    /// Where the kubeconfig for kubectl is written.
    public var kubeconfigPath: String = ".capstan/sandbox.kubeconfig"
    /// Where the kubeconfig path and the Kafka bootstrap addresses are written for tools and applications.
    public var summaryPath: String = ".capstan/sandbox.json"
    /// One simulated Kubernetes node per zone, labelled `topology.kubernetes.io/zone`.
    public var zones: [String] = ["zone-a", "zone-b", "zone-c"]
    /// Simulated delay between a Pod being scheduled and its containers starting (image pull + start).
    public var containerStartDelay: Duration = .milliseconds(300)
    /// How much faster than real time the simulated nodes' clock runs: probe periods, grace periods and
    /// crash back-off shrink by this factor (a readiness probe every 10 s is checked every second at 10).
    public var nodeTimeScale: Double = 10

    /// Return once every applied object is Ready instead of serving until Ctrl-C.
    public var untilReady: Bool = false
    /// With `untilReady`: give up (and say what is not Ready) after this long.
    public var timeout: Duration? = .seconds(300)

    /// Called once each time everything has become Ready (after the status table), with what a client
    /// needs to reach the sandbox; tests and benchmarks inspect it from here. With `untilReady` the sandbox
    /// stops when this returns; a throw stops it with that error.
    public var onReady: (@Sendable (SandboxReadyContext) async throws -> Void)?

    public init(manifests: [SandboxManifest]) {
        self.manifests = manifests
    }
}

/// What `SandboxConfiguration.onReady` is given.
public struct SandboxReadyContext: Sendable {
    /// The kubeconfig path and each Kafka cluster's bootstrap address on 127.0.0.1.
    public var summary: SandboxSummary
    /// How to reach the API server in-process.
    public var clientConfiguration: ClientConfiguration
}
