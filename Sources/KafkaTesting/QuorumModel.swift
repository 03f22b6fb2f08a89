/// One KRaft controller voter.
public struct ControllerVoter: Sendable, Hashable {
    public var id: Int32
    public var running = true
    /// Fault: cut from the other voters.
    public var partitioned = false
    /// Offset of the metadata log this voter has replicated.
    public var logEndOffset: Int64 = 0
    /// Last simulated time this voter was caught up with the leader (DescribeQuorum's lastCaughtUpTimestamp).
    public var lastCaughtUpMs: Int64 = 0
    /// Last simulated time the leader heard a fetch from it (DescribeQuorum's lastFetchTimestamp).
    public var lastFetchMs: Int64 = 0

    public var isReachable: Bool { running && !partitioned }
}

/// The KRaft controller quorum: voters, the elected leader and the metadata log's high watermark.
public struct QuorumModel: Sendable, Hashable {
    public var voters: [ControllerVoter]
    public var leaderId: Int32 = -1
    public var epoch: Int32 = 0
    public var highWatermark: Int64 = 0

    init(voterIds: [Int32]) {
        voters = voterIds.map { ControllerVoter(id: $0) }
    }

    /// A majority of voters can reach each other: metadata can be committed.
    public var hasMajority: Bool {
        voters.filter(\.isReachable).count * 2 > voters.count
    }

    /// Elects a leader when needed (the lowest reachable id with the longest log, as a stand-in for Raft's
    /// vote), or drops it when the majority is gone.
    mutating func maintainLeadership() {
        guard hasMajority else {
            if leaderId != -1 { leaderId = -1 }
            return
        }
        if let leader = voters.first(where: { $0.id == leaderId }), leader.isReachable { return }
        let candidate = voters.filter(\.isReachable).max { ($0.logEndOffset, -$0.id) < ($1.logEndOffset, -$1.id) }
        leaderId = candidate?.id ?? -1
        epoch += 1
    }

    /// Appends one metadata record if a majority can commit it. Returns false without a quorum.
    mutating func commitMetadataRecord(nowMs: Int64) -> Bool {
        maintainLeadership()
        guard leaderId != -1 else { return false }
        highWatermark += 1
        for index in voters.indices where voters[index].isReachable {
            voters[index].logEndOffset = highWatermark
            voters[index].lastCaughtUpMs = nowMs
            voters[index].lastFetchMs = nowMs
        }
        return true
    }

    /// Reachable voters fetch continuously; unreachable ones keep their old offsets and timestamps.
    mutating func advance(to nowMs: Int64) {
        maintainLeadership()
        guard leaderId != -1 else { return }
        for index in voters.indices where voters[index].isReachable {
            voters[index].logEndOffset = highWatermark
            voters[index].lastCaughtUpMs = nowMs
            voters[index].lastFetchMs = nowMs
        }
    }
}
