import KubernetesCore
import KubernetesModels

/// One simulated node: its name, labels (zone, region, hostname, ...), capacity and taints.
public struct SimulatedNodeSpec: Sendable, Hashable {
    public var name: String
    /// Labels on the Node object. `kubernetes.io/hostname`, `kubernetes.io/os` and `kubernetes.io/arch` are
    /// added when missing; set `topology.kubernetes.io/zone` (and `/region`) for zone-aware scheduling.
    public var labels: [String: String]
    /// Capacity as quantities (`cpu`, `memory`, `pods`, `ephemeral-storage`); allocatable is the same.
    public var capacity: [String: String]
    public var taints: [CoreV1.Taint]

    public init(
        name: String, labels: [String: String] = [:],
        capacity: [String: String] = ["cpu": "8", "memory": "32Gi", "pods": "110", "ephemeral-storage": "100Gi"],
        taints: [CoreV1.Taint] = []
    ) {
        self.name = name
        self.labels = labels
        self.capacity = capacity
        self.taints = taints
    }

    /// The zone label, if any.
    public var zone: String? { labels[SimulatedNodeSpec.zoneLabel] }

    public static let zoneLabel = "topology.kubernetes.io/zone"
    public static let regionLabel = "topology.kubernetes.io/region"

    /// `count` nodes named `node-1`... spread round-robin over `zones` (default zone-a, zone-b, zone-c) in
    /// one region: the usual shape of a small multi-zone cluster.
    public static func zonal(count: Int = 3, zones: [String] = ["zone-a", "zone-b", "zone-c"], region: String = "region-1") -> [SimulatedNodeSpec] {
        (0..<max(count, 0)).map { index in
            var labels = [regionLabel: region]
            if !zones.isEmpty { labels[zoneLabel] = zones[index % zones.count] }
            return SimulatedNodeSpec(name: "node-\(index + 1)", labels: labels)
        }
    }
}

/// How long the simulated machinery takes. All zero by default (tests); `capstan sandbox` uses
/// `.realistic`. Every delay is measured on the injected `ControllerClock`, so a `ScaledClock` shortens them.
public struct SimulatedNodeTimings: Sendable, Hashable {
    /// Before the scheduler binds a Pod.
    public var schedulingDelay: Duration
    /// Before a container starts for the first time on a node ("pulling image").
    public var imagePullDelay: Duration
    /// Between a container being created and running.
    public var containerStartDelay: Duration
    /// How often each node renews its Lease in `kube-node-lease`.
    public var heartbeatInterval: Duration

    public init(schedulingDelay: Duration = .zero, imagePullDelay: Duration = .zero, containerStartDelay: Duration = .zero,
                heartbeatInterval: Duration = .seconds(10)) {
        self.schedulingDelay = schedulingDelay
        self.imagePullDelay = imagePullDelay
        self.containerStartDelay = containerStartDelay
        self.heartbeatInterval = heartbeatInterval
    }

    /// No delays at all.
    public static let immediate = SimulatedNodeTimings()
    /// Roughly what a small real cluster shows with cached images.
    public static let realistic = SimulatedNodeTimings(
        schedulingDelay: .milliseconds(20), imagePullDelay: .milliseconds(500), containerStartDelay: .milliseconds(200))
}
