import KubernetesModels

/// Runs the containers that the simulated kubelet starts.
///
/// The kubelet asks each registered runtime, in order, whether it runs a container; the first that says
/// yes runs it. Containers no runtime claims run as an idle process that never exits, so ordinary Pods
/// still go Pending -> Running -> Ready as their probes allow. `capstan sandbox` registers a runtime that
/// recognises Kafka containers and starts a simulated broker or controller with the config the operator
/// rendered.
public protocol SimulatedContainerRuntime: Sendable {
    /// Whether this runtime runs `container` of `pod` (typically decided from the image and command).
    func runs(_ container: CoreV1.Container, in pod: CoreV1.Pod) -> Bool

    /// Runs the container until it exits or is stopped.
    ///
    /// Returning is an exit with code 0; throwing is an exit with a non-zero code (the error's description
    /// becomes the termination message). The Pod's `restartPolicy` then decides whether it restarts, with
    /// CrashLoopBackOff between attempts. Task cancellation is SIGTERM (the Pod is being deleted or its
    /// node stopped): shut down cleanly and return; the kubelet stops waiting after the Pod's grace period.
    func run(_ container: CoreV1.Container, in pod: CoreV1.Pod, context: SimulatedContainerContext) async throws
}

/// What the kubelet gives a running container: its resolved environment and files, the identity of its
/// persistent volumes, and callbacks to report where it listens and whether it is ready.
public struct SimulatedContainerContext: Sendable {
    /// The container's environment with every `valueFrom` resolved (fieldRef on the Pod's labels,
    /// annotations, name, namespace, uid, node name and IP; configMapKeyRef; secretKeyRef), as a real
    /// kubelet would pass it.
    public var environment: [String: String]

    /// The files of the Pod's configMap and secret volumes, by absolute path as the container sees them
    /// (`mountPath + "/" + key`). Secret values are decoded.
    public var files: [String: String]

    /// The PersistentVolumeClaims mounted into the container, by mount path: `namespace/claimName`. Data a
    /// simulated process keeps "on disk" is keyed by this, so it survives the Pod being deleted and recreated.
    public var persistentVolumes: [String: String]

    /// Report that the container listens on `containerPort`. `hostPort` is where it is reachable on
    /// 127.0.0.1 (nil when the simulated process has no socket for that port); the simulated network maps
    /// the Pod's DNS name and IP, and the Services that select it, to that address. A `tcpSocket` probe on
    /// `containerPort` passes once the port is reported.
    public var listening: @Sendable (_ containerPort: Int32, _ hostPort: Int?) -> Void

    /// The container's own view of readiness (e.g. a broker has registered with the controller). The Pod's
    /// Ready condition is true when this is true and the declared readiness probe passes. Defaults to
    /// true: a runtime that never calls this is ready as soon as its probe passes.
    public var setReady: @Sendable (_ ready: Bool) -> Void

    public init(
        environment: [String: String], files: [String: String], persistentVolumes: [String: String],
        listening: @escaping @Sendable (Int32, Int?) -> Void, setReady: @escaping @Sendable (Bool) -> Void
    ) {
        self.environment = environment
        self.files = files
        self.persistentVolumes = persistentVolumes
        self.listening = listening
        self.setReady = setReady
    }
}
