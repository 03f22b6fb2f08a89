import CapstanOperator
import Testing

@Suite struct NodeIdAllocatorTests {
    @Test func freshPoolsTakeTheLowestFreeIdsInOrder() throws {
        let ids = try NodeIdAllocator.allocate([
            NodeIdRequest(pool: "controllers", replicas: 3),
            NodeIdRequest(pool: "brokers", replicas: 3),
        ])
        #expect(ids["controllers"] == [0, 1, 2])
        #expect(ids["brokers"] == [3, 4, 5])
    }

    @Test func existingIdsAreKeptAndRegisteredIdsNeverReused() throws {
        // Broker 4 was removed but is still registered with the quorum: a scale-up must not reuse it.
        let ids = try NodeIdAllocator.allocate(
            [
                NodeIdRequest(pool: "controllers", replicas: 3, current: [0, 1, 2]),
                NodeIdRequest(pool: "brokers", replicas: 4, current: [3, 5]),
            ],
            registered: [4])
        #expect(ids["controllers"] == [0, 1, 2])
        #expect(ids["brokers"] == [3, 5, 6, 7])
    }

    @Test func scaleDownDropsTheMostRecentlyAllocatedIds() throws {
        let ids = try NodeIdAllocator.allocate([NodeIdRequest(pool: "brokers", replicas: 2, current: [10, 3, 7])])
        #expect(ids["brokers"] == [10, 3])
    }

    @Test func rangesAndExplicitIdsAreHonouredAndAvoidedByOthers() throws {
        let ids = try NodeIdAllocator.allocate([
            NodeIdRequest(pool: "controllers", replicas: 3, policy: NodeIdPolicy(ids: [900, 901, 902])),
            NodeIdRequest(pool: "default", replicas: 3),
            NodeIdRequest(pool: "ranged", replicas: 2, policy: NodeIdPolicy(range: NodeIdRange(start: 1, end: 10))),
        ])
        #expect(ids["controllers"] == [900, 901, 902])
        // The pool without a policy skips 1...10, which the ranged pool claims.
        #expect(ids["default"] == [0, 11, 12])
        #expect(ids["ranged"] == [1, 2])
    }

    @Test func anExhaustedRangeNamesThePoolAndTheFix() {
        #expect {
            try NodeIdAllocator.allocate(
                [NodeIdRequest(pool: "brokers", replicas: 3, policy: NodeIdPolicy(range: NodeIdRange(start: 0, end: 2)))],
                registered: [1])
        } throws: { error in
            let error = error as? NodeIdAllocationError
            return error?.pool == "brokers" && error?.fix == "widen nodeIds.range"
        }
    }
}
