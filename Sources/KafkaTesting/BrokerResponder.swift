import KafkaProtocol
import Logging
import NIOCore

/// What a broker does with one request frame.
enum BrokerAnswer {
    case reply(ByteBuffer)
    /// Answer, then close the connection (a failed SASL authentication).
    case replyAndClose(ByteBuffer)
    /// Answer after `ms` of real time, computed then (a Fetch waiting for data).
    case delayed(ms: Int64, @Sendable () -> BrokerAnswer)
    /// Answer now, then read nothing more from the connection for `ms` of real time: a client over its
    /// quota is throttled by muting its channel (KIP-219), the answer telling it for how long.
    case replyThenMute(ByteBuffer, ms: Int64)
    case noReply
    case closeConnection
}

/// Answers decoded requests from the model as broker `brokerId`. Handlers are split by area in
/// `BrokerResponder+*.swift`; each returns a typed response so the framing stays in one place.
struct BrokerResponder: Sendable {
    let brokerId: Int32
    let cluster: SimulatedKafkaCluster
    var logger = Logger(label: "capstan.simulated-kafka.broker")

    /// Longest real-time wait of an empty Fetch (clients ask for up to 500 ms; shorter keeps tests quick).
    static let maxFetchWaitMs: Int32 = 100

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
        .describeConfigs: 0...4,
        .incrementalAlterConfigs: 0...1,
        .describeLogDirs: 0...4,
        .alterReplicaLogDirs: 0...2,
        .unregisterBroker: 0...0,
        .describeGroups: 0...5,
        .deleteGroups: 0...2,
        .createAcls: 0...3,
        .describeAcls: 0...3,
        .deleteAcls: 0...3,
        .describeUserScramCredentials: 0...0,
        .alterUserScramCredentials: 0...0,
        .describeClientQuotas: 0...1,
        .alterClientQuotas: 0...1,
        // v0 of SaslHandshake is followed by raw SASL tokens outside Kafka framing; clients use v1 + SaslAuthenticate.
        .saslHandshake: 1...1,
        .saslAuthenticate: 0...2,
    ]

    func answer(frame: ByteBuffer, session: inout BrokerSession) -> BrokerAnswer {
        let state = cluster.withModel { $0.brokers[brokerId]?.state }
        switch state {
        case .running: break
        case .hung: return .noReply
        case .stopped, .recovering, .none: return .closeConnection
        }
        let request: ParsedBrokerRequest
        do {
            request = try BrokerRequestDecoding.decode(frame)
        } catch {
            logger.info("closing connection: undecodable request", metadata: ["broker": "\(brokerId)", "error": "\(error)"])
            return unsupportedApiVersionsAnswer(frame) ?? .closeConnection
        }
        guard let versions = Self.supportedApis[request.apiKey], versions.contains(request.version) else {
            if request.apiKey == .apiVersions {
                return encode(ApiVersionsResponse(errorCode: KafkaErrorCode.unsupportedVersion.rawValue, apiKeys: Self.advertisedApis), version: 0, request)
            }
            logger.info("closing connection: unsupported API", metadata: ["broker": "\(brokerId)", "api": "\(request.apiKey)", "version": "\(request.version)"])
            return .closeConnection  // Kafka closes the connection on a version it does not support.
        }
        if let answer = authenticate(request, session: &session) { return answer }
        if let refused = refusal(of: request, principal: session.principal) { return refused }
        do {
            return try dispatch(request, principal: session.principal)
        } catch {
            return .closeConnection
        }
    }

    /// KIP-511: an ApiVersions request of a version this broker cannot parse is answered in the v0 layout
    /// with UNSUPPORTED_VERSION and the supported ranges, so the client can retry with a version it shares.
    func unsupportedApiVersionsAnswer(_ frame: ByteBuffer) -> BrokerAnswer? {
        guard frame.getInteger(at: frame.readerIndex, as: Int16.self) == ApiKey.apiVersions.rawValue,
            let correlationId = frame.getInteger(at: frame.readerIndex + 4, as: Int32.self)
        else { return nil }
        var out = ByteBuffer()
        let response = ApiVersionsResponse(errorCode: KafkaErrorCode.unsupportedVersion.rawValue, apiKeys: Self.advertisedApis)
        guard (try? KafkaFraming.encodeResponse(response, version: 0, correlationId: correlationId, into: &out)) != nil else { return nil }
        return .reply(out)
    }

    static var advertisedApis: [ApiVersionsResponse.ApiVersion] {
        supportedApis.keys.sorted { $0.rawValue < $1.rawValue }.map {
            ApiVersionsResponse.ApiVersion(apiKey: $0.rawValue, minVersion: supportedApis[$0]!.lowerBound, maxVersion: supportedApis[$0]!.upperBound)
        }
    }

    func encode<R: KafkaResponse>(_ response: R, version: Int16, _ request: ParsedBrokerRequest) -> BrokerAnswer {
        var out = ByteBuffer()
        do {
            try KafkaFraming.encodeResponse(response, version: version, correlationId: request.correlationId, into: &out)
            return .reply(out)
        } catch {
            logger.error("cannot encode response, closing connection", metadata: ["broker": "\(brokerId)", "api": "\(request.apiKey)", "version": "\(version)", "error": "\(error)"])
            return .closeConnection
        }
    }

    func dispatch(_ request: ParsedBrokerRequest, principal: String) throws -> BrokerAnswer {
        let v = request.version
        switch request.body {
        case _ as ApiVersionsRequest:
            return encode(ApiVersionsResponse(apiKeys: Self.advertisedApis), version: v, request)
        case let body as MetadataRequest: return encode(authorizedMetadata(metadata(body), body, principal: principal), version: v, request)
        case let body as DescribeClusterRequest: return encode(describeCluster(body), version: v, request)
        case let body as CreateTopicsRequest: return encode(authorizedCreateTopics(body, principal: principal), version: v, request)
        case let body as DeleteTopicsRequest: return encode(authorizedDeleteTopics(body, principal: principal), version: v, request)
        case let body as CreatePartitionsRequest: return encode(authorizedCreatePartitions(body, principal: principal), version: v, request)
        case let body as AlterPartitionReassignmentsRequest: return encode(alterReassignments(body), version: v, request)
        case let body as ListPartitionReassignmentsRequest: return encode(listReassignments(body), version: v, request)
        case let body as ElectLeadersRequest: return encode(electLeaders(body), version: v, request)
        case let body as DescribeQuorumRequest: return encode(describeQuorum(body), version: v, request)
        case let body as ProduceRequest:
            var response = authorizedProduce(body, version: v, principal: principal)
            let throttleMs = produceThrottleMs(body, principal: principal, clientId: request.header.clientId ?? "")
            response.throttleTimeMs = Int32(throttleMs)
            if body.acks == 0 { return throttleMs > 0 ? .replyThenMute(ByteBuffer(), ms: throttleMs) : .noReply }
            return throttled(encode(response, version: v, request), ms: throttleMs)
        case let body as FetchRequest:
            let clientId = request.header.clientId ?? ""
            let body = fetchWithinQuota(body, principal: principal, clientId: clientId)
            let response = authorizedFetch(body, principal: principal)
            // Long poll: an empty answer waits (up to maxWaitMs, capped) so idle consumers do not spin.
            guard body.maxWaitMs > 0, response.responses.allSatisfy({ $0.partitions.allSatisfy { ($0.records?.readableBytes ?? 0) == 0 && $0.errorCode == 0 } }) else {
                return quotaCheckedFetch(response, principal: principal, clientId: clientId, version: v, request)
            }
            return .delayed(ms: Int64(min(body.maxWaitMs, Self.maxFetchWaitMs))) {
                self.quotaCheckedFetch(self.authorizedFetch(body, principal: principal), principal: principal, clientId: clientId, version: v, request)
            }
        case let body as ListOffsetsRequest: return encode(authorizedListOffsets(body, version: v, principal: principal), version: v, request)
        case let body as DeleteRecordsRequest: return encode(authorizedDeleteRecords(body, principal: principal), version: v, request)
        case let body as InitProducerIdRequest: return encode(authorizedInitProducerId(body, principal: principal), version: v, request)
        case let body as FindCoordinatorRequest: return encode(findCoordinator(body, version: v), version: v, request)
        case let body as JoinGroupRequest:
            return encode(joinGroup(body, clientId: request.header.clientId ?? "", version: v), version: v, request)
        case let body as SyncGroupRequest: return encode(syncGroup(body), version: v, request)
        case let body as HeartbeatRequest: return encode(heartbeat(body), version: v, request)
        case let body as LeaveGroupRequest: return encode(leaveGroup(body), version: v, request)
        case let body as OffsetCommitRequest: return encode(authorizedOffsetCommit(body, principal: principal), version: v, request)
        case let body as OffsetFetchRequest: return encode(offsetFetch(body), version: v, request)
        case let body as ListGroupsRequest: return encode(authorizedListGroups(body, principal: principal), version: v, request)
        case let body as DescribeConfigsRequest: return encode(authorizedDescribeConfigs(body, version: v, principal: principal), version: v, request)
        case let body as IncrementalAlterConfigsRequest: return encode(authorizedIncrementalAlterConfigs(body, principal: principal), version: v, request)
        case let body as DescribeLogDirsRequest: return encode(describeLogDirs(body), version: v, request)
        case let body as AlterReplicaLogDirsRequest: return encode(alterReplicaLogDirs(body), version: v, request)
        case let body as UnregisterBrokerRequest: return encode(unregisterBroker(body), version: v, request)
        case let body as DescribeGroupsRequest: return encode(describeGroups(body), version: v, request)
        case let body as DeleteGroupsRequest: return encode(deleteGroups(body), version: v, request)
        case let body as CreateAclsRequest: return encode(createAcls(body), version: v, request)
        case let body as DescribeAclsRequest: return encode(describeAcls(body), version: v, request)
        case let body as DeleteAclsRequest: return encode(deleteAcls(body), version: v, request)
        case let body as DescribeUserScramCredentialsRequest: return encode(describeScram(body), version: v, request)
        case let body as AlterUserScramCredentialsRequest: return encode(alterScram(body), version: v, request)
        case let body as DescribeClientQuotasRequest: return encode(describeQuotas(body), version: v, request)
        case let body as AlterClientQuotasRequest: return encode(alterQuotas(body), version: v, request)
        default:
            return .closeConnection
        }
    }
}
