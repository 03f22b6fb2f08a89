/// A host and port clients outside the Kubernetes cluster reach a broker at.
public struct ExternalAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int32

    public init(host: String, port: Int32) {
        self.host = host
        self.port = port
    }

    public var description: String { "\(host):\(port)" }
}

/// What the builders need beyond the resources themselves: facts the reconciler learns from the cluster
/// (and `render` fills in offline).
public struct KafkaClusterBuildContext: Sendable, Hashable {
    /// The KRaft cluster id (status.clusterId once generated).
    public var clusterId: String
    /// The controllers that formed the quorum when the cluster was created: they format their storage with
    /// `--initial-controllers`; controllers added later join with `--no-initial-controllers`. nil means the
    /// cluster is new and every current controller is an initial one.
    public var initialControllerIds: Set<Int32>?
    /// Addresses of external listeners once their Services have them, by node id and listener name.
    /// Until then a broker advertises its per-node Service's cluster DNS name.
    public var externalAddresses: [Int32: [String: ExternalAddress]]

    public init(clusterId: String, initialControllerIds: Set<Int32>? = nil, externalAddresses: [Int32: [String: ExternalAddress]] = [:]) {
        self.clusterId = clusterId
        self.initialControllerIds = initialControllerIds
        self.externalAddresses = externalAddresses
    }
}
