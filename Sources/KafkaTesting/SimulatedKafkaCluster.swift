import Foundation
import Synchronization

/// A simulated Kafka cluster: the `ClusterModel` behind a `Mutex`, shared by the broker servers and the
/// test (or sandbox) that drives time and injects faults.
public final class SimulatedKafkaCluster: Sendable {
    let state: Mutex<ClusterModel>
    /// Produce and fetch byte rates per client, for quota enforcement (kept apart from the model: they move
    /// with real time, on every request, and snapshots of the model need not carry them).
    let quotaMeters = Mutex(ClientQuotaMeters())
    private static let quotaClock = ContinuousClock()
    private let quotaClockOrigin = quotaClock.now

    /// Real milliseconds since the cluster was made, the time base of the quota meters.
    var quotaNowMs: Int64 {
        let elapsed = Self.quotaClock.now - quotaClockOrigin
        return elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    }

    public init(configuration: SimulatedClusterConfiguration = SimulatedClusterConfiguration()) {
        var configuration = configuration
        if configuration.wallClockOriginMs == 0 {
            configuration.wallClockOriginMs = Int64(Date().timeIntervalSince1970 * 1000)
        }
        state = Mutex(ClusterModel(configuration: configuration))
    }

    /// A consistent snapshot of the model.
    public var model: ClusterModel { state.withLock { $0 } }

    /// The cluster's configuration, without copying the rest of the model (read on every request for SASL/ACLs).
    public var configuration: SimulatedClusterConfiguration { state.withLock { $0.configuration } }

    /// Runs `body` on the model atomically (reads and mutations).
    @discardableResult
    public func withModel<T: Sendable, E: Error>(_ body: (inout ClusterModel) throws(E) -> T) throws(E) -> T {
        try state.withLock { (model: inout ClusterModel) throws(E) -> T in try body(&model) }
    }

    /// Advances simulated time.
    public func advance(byMs duration: Int64) {
        state.withLock { $0.advance(byMs: duration) }
    }
}
