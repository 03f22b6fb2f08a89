import NIOCore

/// A classic-protocol consumer group as its coordinator keeps it.
public struct ConsumerGroupModel: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case empty = "Empty"
        case preparingRebalance = "PreparingRebalance"
        case completingRebalance = "CompletingRebalance"
        case stable = "Stable"
    }

    public struct Member: Sendable, Hashable {
        public var memberId: String
        public var groupInstanceId: String?
        public var clientId: String
        public var clientHost: String
        public var sessionTimeoutMs: Int32
        public var rebalanceTimeoutMs: Int32
        /// Protocol name -> subscription metadata, as sent in JoinGroup.
        public var protocols: [(name: String, metadata: ByteBuffer)]
        public var assignment: ByteBuffer = ByteBuffer()
        /// The generation this member last joined.
        public var joinedGeneration: Int32 = -1
        public var lastHeartbeatMs: Int64 = 0

        public static func == (lhs: Member, rhs: Member) -> Bool {
            lhs.memberId == rhs.memberId && lhs.joinedGeneration == rhs.joinedGeneration && lhs.assignment == rhs.assignment
        }
        public func hash(into hasher: inout Hasher) { hasher.combine(memberId) }
    }

    public var groupId: String
    public var protocolType: String = "consumer"
    public var protocolName: String? = nil
    public var state: State = .empty
    public var generation: Int32 = 0
    public var leaderId: String? = nil
    /// Members in join order.
    public var members: [Member] = []
    /// Committed offsets by topic and partition, with their metadata string.
    public var offsets: [String: [Int32: (offset: Int64, metadata: String?)]] = [:]
    var nextMemberSuffix = 1
    /// Member ids handed out with MEMBER_ID_REQUIRED that have not joined yet.
    var pendingMemberIds: Set<String> = []

    public static func == (lhs: ConsumerGroupModel, rhs: ConsumerGroupModel) -> Bool {
        lhs.groupId == rhs.groupId && lhs.generation == rhs.generation && lhs.state == rhs.state && lhs.members == rhs.members
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(groupId) }
}
