/// What one pool asks of the node id allocator.
public struct NodeIdRequest: Sendable, Hashable {
    public var pool: String
    public var replicas: Int
    public var policy: NodeIdPolicy?
    /// The ids the pool has now, in allocation order (from `status.nodeIds`).
    public var current: [Int32]

    public init(pool: String, replicas: Int, policy: NodeIdPolicy? = nil, current: [Int32] = []) {
        self.pool = pool
        self.replicas = replicas
        self.policy = policy
        self.current = current
    }
}

/// A pool cannot get the ids it needs.
public struct NodeIdAllocationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var pool: String
    public var message: String
    public var fix: String

    public var description: String { "KafkaNodePool \(pool): spec.nodeIds: \(message) (fix: \(fix))" }
}

/// Allocates KRaft node ids to pools: stable (a pool keeps the ids it has), never reusing an id that is
/// still registered with the quorum or held by another pool, from each pool's explicit ids or range, else
/// the lowest free id not claimed by another pool's ids or range.
///
/// Pure: the caller passes the ids currently registered with Kafka (and any it knows still hold data).
public enum NodeIdAllocator {
    /// The ids of every pool, in the order the requests were given (that order decides who gets the lowest
    /// free ids; callers put controller pools first). A pool with more ids than replicas drops its most
    /// recently allocated ones.
    public static func allocate(
        _ requests: [NodeIdRequest], registered: Set<Int32> = []
    ) throws(NodeIdAllocationError) -> [String: [Int32]] {
        var taken = registered
        for request in requests { taken.formUnion(request.current) }
        var result: [String: [Int32]] = [:]
        for request in requests {
            var ids = Array(request.current.prefix(max(request.replicas, 0)))
            while ids.count < request.replicas {
                guard let next = nextId(for: request, taken: taken, others: requests) else {
                    throw exhausted(request, have: ids.count)
                }
                ids.append(next)
                taken.insert(next)
            }
            result[request.pool] = ids
        }
        return result
    }

    private static func nextId(for request: NodeIdRequest, taken: Set<Int32>, others: [NodeIdRequest]) -> Int32? {
        if let explicit = request.policy?.ids {
            return explicit.first { !taken.contains($0) }
        }
        if let range = request.policy?.range {
            guard range.start >= 0, range.start <= range.end else { return nil }
            var candidate = range.start
            while true {
                if !taken.contains(candidate) { return candidate }
                if candidate == range.end { return nil }
                candidate += 1
            }
        }
        var candidate: Int32 = 0
        while candidate < Int32.max {
            if !taken.contains(candidate) && !claimed(candidate, byOtherThan: request.pool, in: others) {
                return candidate
            }
            candidate += 1
        }
        return nil
    }

    /// True when another pool's explicit ids or range include the id, so a pool without a policy must not take it.
    private static func claimed(_ id: Int32, byOtherThan pool: String, in requests: [NodeIdRequest]) -> Bool {
        requests.contains { request in
            guard request.pool != pool, let policy = request.policy else { return false }
            if let ids = policy.ids, ids.contains(id) { return true }
            if let range = policy.range, range.start <= id, id <= range.end { return true }
            return false
        }
    }

    private static func exhausted(_ request: NodeIdRequest, have: Int) -> NodeIdAllocationError {
        let missing = request.replicas - have
        if request.policy?.ids != nil {
            return NodeIdAllocationError(
                pool: request.pool, message: "needs \(missing) more id(s) but every id in nodeIds.ids is in use or still registered",
                fix: "add unused ids to nodeIds.ids")
        }
        if let range = request.policy?.range {
            return NodeIdAllocationError(
                pool: request.pool, message: "needs \(missing) more id(s) but range \(range.start)-\(range.end) has no free id",
                fix: "widen nodeIds.range")
        }
        return NodeIdAllocationError(pool: request.pool, message: "no free node id left", fix: "set nodeIds.range on the pools")
    }
}
