/// How a `ControllerManager` runs.
public struct ManagerConfiguration: Sendable {
    /// Where the lease lives and how leader election is timed.
    public struct LeaderElection: Sendable {
        public var leaseName: String
        public var leaseNamespace: String
        public var timing: LeaderElectionConfiguration

        public init(leaseName: String, leaseNamespace: String, timing: LeaderElectionConfiguration = .init()) {
            self.leaseName = leaseName
            self.leaseNamespace = leaseNamespace
            self.timing = timing
        }
    }

    /// This replica's identity (pod name + a random suffix is typical); the lease holder and the events'
    /// reportingInstance.
    public var identity: String
    /// nil: no leader election (a single replica, or tests).
    public var leaderElection: LeaderElection?
    /// Address of /healthz, /readyz and /metrics; nil: no probe server. Port 0 picks a free port.
    public var probeHost: String
    public var probePort: Int?

    public init(identity: String, leaderElection: LeaderElection? = nil, probeHost: String = "0.0.0.0", probePort: Int? = 8081) {
        self.identity = identity
        self.leaderElection = leaderElection
        self.probeHost = probeHost
        self.probePort = probePort
    }
}
