import KafkaProtocol
import Logging
import NIOCore

/// What a broker does with one request frame.
enum BrokerAnswer {
    case reply(ByteBuffer)
    case noReply
    case closeConnection
}

/// Answers decoded requests from the model as broker `brokerId`. Handlers are split by area in
/// `BrokerResponder+*.swift`; each returns a typed response so the framing stays in one place.
struct BrokerResponder: Sendable {
    let brokerId: Int32
    let cluster: SimulatedKafkaCluster

    /// The APIs and the highest versions this simulated broker answers (advertised by ApiVersions).
    static let supportedApis: [ApiKey: ClosedRange<Int16>] = [
        .apiVersions: 0...3,
        .metadata: 0...12,
        .describeCluster: 0...1,
        .createTopics: 0...7,
        .deleteTopics: 0...6,
        .createPartitions: 0...3,
        .alterPartitionReassignments: 0...0,
        .listPartitionReassignments: 0...0,
        .electLeaders: 0...2,
        .describeQuorum: 0...2,
        .produce: 3...11,
        .fetch: 4...12,
        .listOffsets: 1...8,
        .initProducerId: 0...4,
        .findCoordinator: 0...4,
        .joinGroup: 0...9,
        .syncGroup: 0...5,
        .heartbeat: 0...4,
        .leaveGroup: 0...5,
        .offsetCommit: 2...8,
        .offsetFetch: 1...7,
        .listGroups: 0...4,
        .deleteRecords: 0...2,
    ]

    func answer(frame: ByteBuffer) -> BrokerAnswer {
        let state = cluster.withModel { $0.brokers[brokerId]?.state }
        switch state {
        case .running: break
        case .hung: return .noReply
        case .stopped, .recovering, .none: return .closeConnection
        }
        let request: KafkaReceivedRequest
        do {
            request = try KafkaFraming.decodeRequest(from: frame)
        } catch {
            return .closeConnection
        }
        guard let versions = Self.supportedApis[request.apiKey], versions.contains(request.version) else {
            if request.apiKey == .apiVersions {
                return encode(ApiVersionsResponse(errorCode: KafkaErrorCode.unsupportedVersion.rawValue, apiKeys: Self.advertisedApis), version: 0, request)
            }
            return .closeConnection  // Kafka closes the connection on a version it does not support.
        }
        do {
            return try dispatch(request)
        } catch {
            return .closeConnection
        }
    }

    static var advertisedApis: [ApiVersionsResponse.ApiVersion] {
        supportedApis.keys.sorted { $0.rawValue < $1.rawValue }.map {
            ApiVersionsResponse.ApiVersion(apiKey: $0.rawValue, minVersion: supportedApis[$0]!.lowerBound, maxVersion: supportedApis[$0]!.upperBound)
        }
    }

    func encode<R: KafkaResponse>(_ response: R, version: Int16, _ request: KafkaReceivedRequest) -> BrokerAnswer {
        var out = ByteBuffer()
        do {
            try KafkaFraming.encodeResponse(response, version: version, correlationId: request.correlationId, into: &out)
            return .reply(out)
        } catch {
            return .closeConnection
        }
    }

    func dispatch(_ request: KafkaReceivedRequest) throws -> BrokerAnswer {
        let v = request.version
        switch request.body {
        case _ as ApiVersionsRequest:
            return encode(ApiVersionsResponse(apiKeys: Self.advertisedApis), version: v, request)
        case let body as MetadataRequest: return encode(metadata(body), version: v, request)
        case let body as DescribeClusterRequest: return encode(describeCluster(body), version: v, request)
        case let body as CreateTopicsRequest: return encode(createTopics(body), version: v, request)
        case let body as DeleteTopicsRequest: return encode(deleteTopics(body), version: v, request)
        case let body as CreatePartitionsRequest: return encode(createPartitions(body), version: v, request)
        case let body as AlterPartitionReassignmentsRequest: return encode(alterReassignments(body), version: v, request)
        case let body as ListPartitionReassignmentsRequest: return encode(listReassignments(body), version: v, request)
        case let body as ElectLeadersRequest: return encode(electLeaders(body), version: v, request)
        case let body as DescribeQuorumRequest: return encode(describeQuorum(body), version: v, request)
        case let body as ProduceRequest:
            let response = produce(body)
            return body.acks == 0 ? .noReply : encode(response, version: v, request)
        case let body as FetchRequest: return encode(fetch(body), version: v, request)
        case let body as ListOffsetsRequest: return encode(listOffsets(body), version: v, request)
        case let body as DeleteRecordsRequest: return encode(deleteRecords(body), version: v, request)
        case let body as InitProducerIdRequest: return encode(initProducerId(body), version: v, request)
        case let body as FindCoordinatorRequest: return encode(findCoordinator(body, version: v), version: v, request)
        case let body as JoinGroupRequest:
            return encode(joinGroup(body, clientId: request.header.clientId ?? "", version: v), version: v, request)
        case let body as SyncGroupRequest: return encode(syncGroup(body), version: v, request)
        case let body as HeartbeatRequest: return encode(heartbeat(body), version: v, request)
        case let body as LeaveGroupRequest: return encode(leaveGroup(body), version: v, request)
        case let body as OffsetCommitRequest: return encode(offsetCommit(body), version: v, request)
        case let body as OffsetFetchRequest: return encode(offsetFetch(body), version: v, request)
        case let body as ListGroupsRequest: return encode(listGroups(body), version: v, request)
        default:
            return .closeConnection
        }
    }
}
