import KubernetesCore

/// The desired state of a node pool.
public struct KafkaNodePoolSpec: Codable, Sendable, Hashable {
    /// Name of the KafkaCluster (same namespace) these nodes belong to. Cannot be changed.
    public var cluster: String
    /// What the nodes do: controller (KRaft quorum), broker (data), or both (combined, for small clusters). Cannot change while nodes hold data.
    public var roles: [NodeRole]
    /// Number of nodes (at least 1).
    public var replicas: Int32
    /// How node ids are chosen. Ids are stable and never reused while registered; by default the lowest free ids are taken.
    public var nodeIds: NodeIdPolicy?
    /// Persistent volumes of every node (one or more, JBOD).
    public var storage: NodeStorage
    /// CPU and memory of the Kafka container.
    public var resources: ComputeResources?
    /// Pod settings for this pool; overrides the cluster's spec.template field by field.
    public var template: PodTemplate?

    public init(
        cluster: String, roles: [NodeRole], replicas: Int32, nodeIds: NodeIdPolicy? = nil,
        storage: NodeStorage, resources: ComputeResources? = nil, template: PodTemplate? = nil
    ) {
        self.cluster = cluster
        self.roles = roles
        self.replicas = replicas
        self.nodeIds = nodeIds
        self.storage = storage
        self.resources = resources
        self.template = template
    }

    public var isController: Bool { roles.contains(.controller) }
    public var isBroker: Bool { roles.contains(.broker) }
}

/// A KRaft process role.
public enum NodeRole: String, SchemaEnum, Comparable {
    case broker
    case controller

    public static func < (lhs: NodeRole, rhs: NodeRole) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Which node ids a pool uses.
public struct NodeIdPolicy: Codable, Sendable, Hashable {
    /// Explicit ids, used in this order as the pool grows (mutually exclusive with range).
    public var ids: [Int32]?
    /// An id range the pool takes its ids from, lowest free first (mutually exclusive with ids).
    public var range: NodeIdRange?

    public init(ids: [Int32]? = nil, range: NodeIdRange? = nil) {
        self.ids = ids
        self.range = range
    }
}

/// An inclusive range of node ids.
public struct NodeIdRange: Codable, Sendable, Hashable {
    /// First id of the range.
    public var start: Int32
    /// Last id of the range (inclusive).
    public var end: Int32

    public init(start: Int32, end: Int32) {
        self.start = start
        self.end = end
    }

    public var closedRange: ClosedRange<Int32>? { start <= end ? start...end : nil }
}

/// The persistent storage of each node.
public struct NodeStorage: Codable, Sendable, Hashable {
    /// One PersistentVolumeClaim per volume per node; brokers spread partitions over them (JBOD). The first holds the KRaft metadata log.
    public var volumes: [StorageVolume]
    /// What happens to a node's PersistentVolumeClaims when the node or the cluster is deleted: keep (default; data survives) or delete.
    public var deleteClaim: ClaimDeletePolicy?

    public init(volumes: [StorageVolume], deleteClaim: ClaimDeletePolicy? = nil) {
        self.volumes = volumes
        self.deleteClaim = deleteClaim
    }

    public var effectiveDeleteClaim: ClaimDeletePolicy { deleteClaim ?? .keep }
}

/// One persistent volume of a node.
public struct StorageVolume: Codable, Sendable, Hashable {
    /// Volume id (0-99), unique in the pool; it names the claim (data-<id>) and the mount (/var/lib/kafka/data-<id>).
    public var id: Int32
    /// Requested size, e.g. 100Gi. It can grow (if the storage class allows expansion) but never shrink.
    public var size: Quantity
    /// StorageClass of the claim; the cluster default when absent. Cannot be changed.
    public var storageClassName: String?

    public init(id: Int32, size: Quantity, storageClassName: String? = nil) {
        self.id = id
        self.size = size
        self.storageClassName = storageClassName
    }
}

/// Whether claims outlive their nodes.
public enum ClaimDeletePolicy: String, SchemaEnum {
    /// Claims are kept (no ownerReference); deleting the cluster leaves the data.
    case keep
    /// Claims are owned by the cluster and deleted with it.
    case delete
}
