import KubernetesClient
import KubernetesCore
import KubernetesModels

/// The leader-election fields of a coordination.k8s.io/v1 Lease.
public struct LeaseRecord: Sendable, Hashable {
    /// Empty when nobody holds the lease (released).
    public var holderIdentity: String
    public var leaseDurationSeconds: Int32
    public var acquireTime: MicroTime?
    public var renewTime: MicroTime?
    public var leaseTransitions: Int32

    public init(
        holderIdentity: String, leaseDurationSeconds: Int32, acquireTime: MicroTime? = nil, renewTime: MicroTime? = nil,
        leaseTransitions: Int32 = 0
    ) {
        self.holderIdentity = holderIdentity
        self.leaseDurationSeconds = leaseDurationSeconds
        self.acquireTime = acquireTime
        self.renewTime = renewTime
        self.leaseTransitions = leaseTransitions
    }

    init(_ spec: CoordinationV1.LeaseSpec?) {
        self.init(
            holderIdentity: spec?.holderIdentity ?? "", leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
            acquireTime: spec?.acquireTime, renewTime: spec?.renewTime, leaseTransitions: spec?.leaseTransitions ?? 0)
    }

    var spec: CoordinationV1.LeaseSpec {
        CoordinationV1.LeaseSpec(
            acquireTime: acquireTime, holderIdentity: holderIdentity, leaseDurationSeconds: leaseDurationSeconds,
            leaseTransitions: leaseTransitions, renewTime: renewTime)
    }
}

/// Reads and writes the lease with optimistic concurrency: `update` must fail (409) when the lease
/// changed since `resourceVersion` was read, so two candidates can never both win.
public protocol LeaseLock: Sendable {
    /// The current record and its resourceVersion, or nil when the lease does not exist.
    func get() async throws -> (record: LeaseRecord, resourceVersion: String)?
    /// Creates the lease (fails if it exists); returns the new resourceVersion.
    func create(_ record: LeaseRecord) async throws -> String
    /// Replaces the record if the lease is still at `resourceVersion`; returns the new resourceVersion.
    func update(_ record: LeaseRecord, resourceVersion: String) async throws -> String
}

/// A `LeaseLock` on a real Lease object through the API.
public struct KubeLeaseLock: LeaseLock {
    let api: Api<CoordinationV1.Lease>
    public let name: String
    public let namespace: String

    public init(client: KubeClient, name: String, namespace: String) {
        self.api = client.api(CoordinationV1.Lease.self, namespace: namespace)
        self.name = name
        self.namespace = namespace
    }

    public func get() async throws -> (record: LeaseRecord, resourceVersion: String)? {
        guard let lease = try await api.getIfExists(name) else { return nil }
        return (LeaseRecord(lease.spec), lease.metadata.resourceVersion ?? "")
    }

    public func create(_ record: LeaseRecord) async throws -> String {
        let lease = CoordinationV1.Lease(metadata: ObjectMeta(name: name, namespace: namespace), spec: record.spec)
        return try await api.create(lease).metadata.resourceVersion ?? ""
    }

    public func update(_ record: LeaseRecord, resourceVersion: String) async throws -> String {
        let lease = CoordinationV1.Lease(
            metadata: ObjectMeta(name: name, namespace: namespace, resourceVersion: resourceVersion), spec: record.spec)
        return try await api.replace(lease).metadata.resourceVersion ?? ""
    }
}
