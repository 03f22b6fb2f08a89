/// A partition by topic and index.
public struct TopicPartitionKey: Hashable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }
    public var description: String { "\(topic)-\(partition)" }
}

/// A span of simulated time during which an acks=all write to a partition would have failed.
public struct UnavailableInterval: Hashable, Sendable {
    public var startMs: Int64
    /// nil while the partition is still unavailable.
    public var endMs: Int64?
    /// Why the write would fail when the interval opened (no leader, leader down, ISR below min.insync.replicas).
    public var reason: String
}

/// A simulated acks=all producer writing to every partition: it records, per partition, every interval in
/// which its write would have failed. The model samples it after every simulation step and every fault or
/// admin action, so its resolution is `simulationStepMs` for changes that happen as time passes.
public struct AvailabilityProbe: Sendable, Hashable {
    public private(set) var intervals: [TopicPartitionKey: [UnavailableInterval]] = [:]

    public init() {}

    /// Partitions that were unavailable at some point, in name order.
    public var affectedPartitions: [TopicPartitionKey] {
        intervals.keys.sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
    }

    /// Total unavailable time of a partition up to `nowMs`.
    public func unavailableMs(_ key: TopicPartitionKey, nowMs: Int64) -> Int64 {
        (intervals[key] ?? []).reduce(0) { $0 + (($1.endMs ?? nowMs) - $1.startMs) }
    }

    mutating func observe(_ model: ClusterModel) {
        for topic in model.topics.values {
            let minIsr = model.minInsyncReplicas(of: topic.name)
            for partition in topic.partitions {
                let key = TopicPartitionKey(topic: topic.name, partition: partition.index)
                let available = model.acceptsAcksAllWrites(partition)
                let open = intervals[key]?.last.map { $0.endMs == nil } ?? false
                if !available && !open {
                    let reason =
                        partition.isOffline ? "no leader (offline)"
                        : model.brokers[partition.leader]?.isServing != true ? "leader \(partition.leader) is not serving"
                        : "ISR \(partition.isr) has fewer than min.insync.replicas=\(minIsr) members"
                    intervals[key, default: []].append(UnavailableInterval(startMs: model.nowMs, endMs: nil, reason: reason))
                } else if available && open {
                    let last = intervals[key]!.count - 1
                    intervals[key]![last].endMs = model.nowMs
                }
            }
        }
    }
}

extension ClusterModel {
    /// Samples the availability probe (swapped out so that its storage is not copied).
    mutating func observeAvailability() {
        var probe = AvailabilityProbe()
        swap(&probe, &availabilityProbe)
        probe.observe(self)
        availabilityProbe = probe
    }
}
