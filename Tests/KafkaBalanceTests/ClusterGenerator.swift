@testable import KafkaBalance

/// Random clusters for property tests: racks of unequal size, skewed partition sizes, replication factors
/// larger than the number of racks, heterogeneous capacities, empty (new) brokers, and initial
/// assignments that may break rack spread.
struct ClusterShape {
    var brokers: Int
    var racks: Int
    var topics: Int
    var partitionsPerTopic: Int
    var replicationFactor: Int
    var emptyBrokers: Int = 0
    var unequalRacks = false
    var skewedSizes = false
    var capacities = false
    /// Place replicas at random, ignoring racks (so `fix` and every mode have rack spread to repair).
    var rackBlind = false
}

enum ClusterGenerator {
    static func make(_ shape: ClusterShape, seed: UInt64) -> ClusterDescription {
        var rng = SeededRandom(seed: seed)
        var brokers: [BrokerDescription] = []
        for i in 0..<shape.brokers {
            let rack: Int
            if shape.unequalRacks {
                // Rack 0 gets about half the brokers; the others share the rest.
                rack = i % 2 == 0 ? 0 : 1 + (i / 2) % max(1, shape.racks - 1)
            } else {
                rack = i % shape.racks
            }
            brokers.append(BrokerDescription(id: Int32(i + 1), rack: "r\(min(rack, shape.racks - 1))"))
        }
        // At least `replicationFactor` brokers hold the initial assignment.
        let empty = min(shape.emptyBrokers, shape.brokers - shape.replicationFactor)
        let used = Array(brokers.prefix(shape.brokers - empty))
        var partitions: [PartitionDescription] = []
        var totalBytes: Int64 = 0
        for t in 0..<shape.topics {
            for p in 0..<shape.partitionsPerTopic {
                var replicas: [Int32] = []
                if shape.rackBlind {
                    replicas = Array(used.map(\.id).shuffled(using: &rng).prefix(shape.replicationFactor))
                } else {
                    // Rack-aware: round robin over shuffled racks, random broker within the rack.
                    var racks = Array(Set(used.compactMap(\.rack))).sorted().shuffled(using: &rng)
                    if racks.isEmpty { racks = [""] }
                    var i = 0
                    while replicas.count < shape.replicationFactor {
                        let rack = racks[i % racks.count]
                        let candidates = used.filter { $0.rack == rack && !replicas.contains($0.id) }.map(\.id)
                        if let pick = candidates.randomElement(using: &rng) { replicas.append(pick) }
                        i += 1
                        if i > 50 * shape.replicationFactor {
                            let rest = used.map(\.id).filter { !replicas.contains($0) }.shuffled(using: &rng)
                            replicas += rest.prefix(shape.replicationFactor - replicas.count)
                        }
                    }
                }
                let size = shape.skewedSizes
                    ? Int64(rng.logNormal(median: 1_000_000, sigma: 1.5)) + 1
                    : Int64.random(in: 900_000...1_100_000, using: &rng)
                totalBytes += size * Int64(replicas.count)
                partitions.append(PartitionDescription(topic: String(format4(t)), partition: Int32(p),
                                                       replicas: replicas, sizeBytes: size))
            }
        }
        if shape.capacities {
            // Between 1.6x and 4x an even share, so every plan fits but small brokers bind.
            // A broker alone in its rack may have to hold one replica of every partition.
            let share = Double(totalBytes) / Double(shape.brokers)
            let onePerPartition = Double(partitions.reduce(Int64(0)) { $0 + $1.sizeBytes })
            for i in brokers.indices {
                let rackSize = brokers.filter { $0.rack == brokers[i].rack }.count
                let factor = Double.random(in: 1.6...4.0, using: &rng)
                brokers[i].capacityBytes = Int64(max(share, onePerPartition / Double(rackSize)) * factor)
            }
        }
        return ClusterDescription(brokers: brokers, partitions: partitions)
    }

    static func format4(_ t: Int) -> String {
        let s = String(t)
        return "t" + String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    /// The cluster after applying a plan.
    static func applying(_ plan: RebalancePlan, to cluster: ClusterDescription) -> ClusterDescription {
        var next = cluster
        for i in next.partitions.indices { next.partitions[i].replicas = Array(plan.replicas(ofPartition: i)) }
        return next
    }
}
