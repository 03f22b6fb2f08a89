import KafkaProtocol
import NIOCore
import NIOEmbedded
import Testing

@testable import KafkaAdmin

@Suite("Frames, correlation and version negotiation")
struct ConnectionUnitTests {
    private func frame(_ bytes: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int32(bytes.count))
        buffer.writeBytes(bytes)
        return buffer
    }

    private func metadataRequest(_ promise: EventLoopPromise<ByteBuffer>, timeout: TimeAmount) -> OutboundKafkaRequest {
        OutboundKafkaRequest(
            apiName: "Metadata",
            encode: { id, buffer in
                try KafkaFraming.encodeRequest(MetadataRequest(), version: 12, correlationId: id, clientId: "t", into: &buffer)
            },
            promise: promise, timeout: timeout)
    }

    @Test func frameDecoderSplitsFramesArrivingInPiecesAndTogether() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: 1024)))
        var stream = frame([1, 2, 3, 4, 5])
        stream.writeImmutableBuffer(frame([9, 9, 9, 9]))
        stream.writeImmutableBuffer(frame([7, 7, 7, 7, 7, 7]))
        // Byte by byte for the first frame, then the rest at once.
        for _ in 0..<9 {
            try channel.writeInbound(stream.readSlice(length: 1)!)
        }
        try channel.writeInbound(stream)
        let first = try channel.readInbound(as: ByteBuffer.self)
        let second = try channel.readInbound(as: ByteBuffer.self)
        let third = try channel.readInbound(as: ByteBuffer.self)
        #expect(first.map { Array($0.readableBytesView) } == [1, 2, 3, 4, 5])
        #expect(second.map { Array($0.readableBytesView) } == [9, 9, 9, 9])
        #expect(third.map { Array($0.readableBytesView) } == [7, 7, 7, 7, 7, 7])
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        _ = try channel.finish()
    }

    @Test func frameDecoderRejectsOversizedFrames() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(KafkaFrameDecoder(maximumFrameSize: 8)))
        #expect(throws: KafkaDecodingError.self) { try channel.writeInbound(frame(Array(repeating: 0, count: 9))) }
    }

    @Test func inFlightRequestsMatchByIdNotOrder() {
        var table = InFlightRequests<String>()
        let a = table.register("metadata")
        let b = table.register("describeConfigs")
        let c = table.register("listOffsets")
        #expect(Set([a, b, c]).count == 3)
        #expect(table.complete(b) == "describeConfigs")
        #expect(table.complete(b) == nil, "a second answer to the same id is dropped")
        #expect(table.complete(999) == nil)
        #expect(table.removeAll() == ["metadata", "listOffsets"])
        #expect(table.count == 0)
    }

    @Test func correlationIdsWrapAndSkipIdsInFlight() {
        var table = InFlightRequests<Int>()
        var ids: [Int32] = []
        for value in 0..<3 { ids.append(table.register(value)) }
        #expect(ids == [0, 1, 2])
        #expect(table.complete(1) == 1)
        #expect(table.register(3) == 3)
    }

    /// The handler pipelines: two requests written before any answer, answered out of order, each
    /// completes with its own response.
    @Test func handlerPipelinesAndMatchesResponses() throws {
        let channel = EmbeddedChannel(handler: KafkaRequestHandler(brokerDescription: "test:1"))
        let loop = channel.embeddedEventLoop
        let first = loop.makePromise(of: ByteBuffer.self)
        let second = loop.makePromise(of: ByteBuffer.self)
        for promise in [first, second] {
            channel.write(metadataRequest(promise, timeout: .seconds(5)), promise: nil)
        }
        channel.flush()
        var written: [Int32] = []
        while var out = try channel.readOutbound(as: ByteBuffer.self) {
            let request = try KafkaFraming.decodeRequest(from: try #require(try KafkaFraming.readFrame(from: &out)))
            written.append(request.correlationId)
        }
        #expect(written == [0, 1])
        var secondResponse = ByteBuffer()
        try KafkaFraming.encodeResponse(MetadataResponse(clusterId: "second"), version: 12, correlationId: 1, into: &secondResponse)
        var firstResponse = ByteBuffer()
        try KafkaFraming.encodeResponse(MetadataResponse(clusterId: "first"), version: 12, correlationId: 0, into: &firstResponse)
        try channel.writeInbound(try #require(try KafkaFraming.readFrame(from: &secondResponse)))
        try channel.writeInbound(try #require(try KafkaFraming.readFrame(from: &firstResponse)))
        let one = try first.futureResult.wait()
        let two = try second.futureResult.wait()
        #expect(try KafkaFraming.decodeResponse(MetadataResponse.self, version: 12, from: one).body.clusterId == "first")
        #expect(try KafkaFraming.decodeResponse(MetadataResponse.self, version: 12, from: two).body.clusterId == "second")
        _ = try channel.finish()
    }

    @Test func handlerTimesOutARequestWithATypedError() throws {
        let channel = EmbeddedChannel(handler: KafkaRequestHandler(brokerDescription: "slow:9092"))
        let promise = channel.embeddedEventLoop.makePromise(of: ByteBuffer.self)
        channel.writeAndFlush(metadataRequest(promise, timeout: .milliseconds(500)), promise: nil)
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(501))
        let error = #expect(throws: KafkaAdminError.self) { try promise.futureResult.wait() }
        #expect(error?.code == .timeout)
        #expect(error?.isRetriable == true)
        #expect(error?.message.contains("slow:9092") == true)
        _ = try channel.finish()
    }

    @Test func closingFailsEveryRequestInFlight() throws {
        let channel = EmbeddedChannel(handler: KafkaRequestHandler(brokerDescription: "b:1"))
        let promise = channel.embeddedEventLoop.makePromise(of: ByteBuffer.self)
        channel.writeAndFlush(metadataRequest(promise, timeout: .seconds(5)), promise: nil)
        channel.pipeline.fireChannelInactive()
        let error = #expect(throws: KafkaAdminError.self) { try promise.futureResult.wait() }
        #expect(error?.code == .connectionClosed)
        _ = try? channel.finish()
    }

    @Test func highestCommonVersion() {
        #expect(VersionNegotiation.highestCommon(ours: 0...12, theirs: 1...9) == 9)
        #expect(VersionNegotiation.highestCommon(ours: 3...5, theirs: 0...2) == nil)
        #expect(VersionNegotiation.highestCommon(ours: 0...4, theirs: 4...7) == 4)
    }

    /// A broker that does not know our ApiVersions version answers UNSUPPORTED_VERSION in the v0 layout;
    /// the client must read it and find the version to retry with.
    @Test func apiVersionsErrorInV0LayoutIsDecoded() throws {
        var frame = ByteBuffer()
        let answer = ApiVersionsResponse(errorCode: 35, apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 2)])
        try KafkaFraming.encodeResponse(answer, version: 0, correlationId: 0, into: &frame)
        let content = try #require(try KafkaFraming.readFrame(from: &frame))
        let decoded = try VersionNegotiation.decodeApiVersions(content, requestedVersion: 4, address: .init(host: "h", port: 1))
        #expect(decoded.errorCode == 35)
        #expect(VersionNegotiation.highestCommon(ours: ApiKey.apiVersions.validVersions, theirs: 0...2) == 2)
    }

    @Test func unsupportedApiErrorNamesTheApiAndBothRanges() {
        let error = VersionNegotiation.unsupported(.describeQuorum, broker: .init(host: "b", port: 9092), theirs: nil)
        #expect(error.name == "UNSUPPORTED_VERSION")
        #expect(error.message.contains("DescribeQuorum"))
        #expect(error.message.contains("does not support this API"))
    }

    @Test func bootstrapListParsing() throws {
        let list = try KafkaBrokerAddress.parseList("a:9092, [::1]:9093")
        #expect(list == [.init(host: "a", port: 9092), .init(host: "::1", port: 9093)])
        let error = #expect(throws: KafkaAdminError.self) { try KafkaBrokerAddress.parseList("broker") }
        #expect(error?.message.contains("'broker'") == true)
        #expect(throws: KafkaAdminError.self) { try KafkaBrokerAddress.parseList("b:70000") }
    }
}
