import KafkaProtocol
import NIOCore
import Testing

/// Byte vectors derived by hand from the protocol guide (kafka.apache.org/protocol) and KIP-482, each byte
/// explained. They pin the wire format independently of the generator: a generator bug that encodes and
/// decodes consistently wrong would pass the round trips but fail here.
@Suite("Golden byte vectors")
struct GoldenVectorTests {
    /// Encodes, compares with the vector, decodes the vector, compares with the value.
    func check<Message: KafkaCodable>(_ value: Message, version: Int16, _ vector: ByteBuffer) throws {
        let encoded = try value.encoded(version: version)
        #expect(hex(encoded) == hex(vector))
        let decoded = try Message.decode(from: vector, version: version)
        #expect(decoded == value)
    }

    @Test("ApiVersionsRequest v3 frame: header v2 with a classic client id, compact strings, empty tag sections")
    func apiVersionsRequestV3Frame() throws {
        let request = ApiVersionsRequest(clientSoftwareName: "capstan", clientSoftwareVersion: "1.0")
        var frame = ByteBuffer()
        try KafkaFraming.encodeRequest(request, version: 3, correlationId: 7, clientId: "cli", into: &frame)
        let expected = bytes(
            "00 00 00 1b"  // frame size: 27 bytes follow
                + "00 12"  // RequestHeader.requestApiKey = 18 (ApiVersions)
                + "00 03"  // requestApiVersion = 3
                + "00 00 00 07"  // correlationId = 7
                + "00 03 \(utf8("cli"))"  // clientId: int16-length string even in header v2 (flexibleVersions none)
                + "00"  // header tagged fields: none
                + "08 \(utf8("capstan"))"  // clientSoftwareName: compact string, varint length+1 = 8
                + "04 \(utf8("1.0"))"  // clientSoftwareVersion: compact string, length+1 = 4
                + "00")  // body tagged fields: none
        #expect(hex(frame) == hex(expected))

        var reader = frame
        let content = try #require(try KafkaFraming.readFrame(from: &reader))
        let received = try KafkaFraming.decodeRequest(from: content)
        #expect(received.apiKey == .apiVersions)
        #expect(received.header.clientId == "cli")
        #expect(received.correlationId == 7)
        #expect(received.body as? ApiVersionsRequest == request)
    }

    @Test("ApiVersionsRequest v2 drops the ignorable client software fields instead of failing")
    func ignorableFieldsAreDropped() throws {
        let request = ApiVersionsRequest(clientSoftwareName: "capstan", clientSoftwareVersion: "1.0")
        #expect(try request.encoded(version: 2).readableBytes == 0)
    }

    @Test("MetadataRequest v1: int32 array count, int16 string length; null topics = all topics")
    func metadataRequestV1() throws {
        try check(
            MetadataRequest(topics: [.init(name: "foo")]), version: 1,
            bytes("00 00 00 01 | 00 03 \(utf8("foo"))"))  // one topic; name "foo"
        try check(MetadataRequest(topics: nil), version: 1, bytes("ff ff ff ff"))  // null array: count -1
    }

    @Test("MetadataRequest v0 cannot express null topics")
    func metadataRequestV0RejectsNull() {
        #expect {
            try MetadataRequest(topics: nil).encoded(version: 0)
        } throws: { error in
            let encodingError = error as? KafkaEncodingError
            return encodingError?.reason == .nullNotAllowed && encodingError?.field == "topics"
        }
    }

    @Test("MetadataRequest v12: compact array, uuid, compact nullable string, bools, tag sections")
    func metadataRequestV12() throws {
        let request = MetadataRequest(
            topics: [.init(topicId: KafkaUUID(mostSignificantBits: 0, leastSignificantBits: 1), name: "foo")],
            allowAutoTopicCreation: false, includeTopicAuthorizedOperations: true)
        try check(
            request, version: 12,
            bytes(
                "02"  // topics: compact array, count + 1
                    + "00000000 00000000 00000000 00000001"  // topicId: 16 bytes, most significant first
                    + "04 \(utf8("foo"))"  // name: compact nullable string, length + 1
                    + "00"  // topic tagged fields: none
                    + "00"  // allowAutoTopicCreation = false
                    + "01"  // includeTopicAuthorizedOperations = true (includeCluster... is only in 8-10)
                    + "00"))  // tagged fields: none
        try check(
            MetadataRequest(topics: [.init(name: nil)]), version: 12,
            bytes(
                "02"  // one topic
                    + String(repeating: "00", count: 16)  // topicId: the zero uuid
                    + "00"  // name: null (compact length 0)
                    + "00"  // topic tagged fields
                    + "01"  // allowAutoTopicCreation: the default, true
                    + "00"  // includeTopicAuthorizedOperations = false
                    + "00"))  // tagged fields
    }

    @Test("encoding a non-ignorable field at a version that lacks it fails, naming the field and version")
    func nonIgnorableFieldThrows() throws {
        // allowAutoTopicCreation exists from v4, defaults to true and is not ignorable: v3 brokers always
        // auto-create, so silently dropping `false` would create topics the caller asked not to create.
        #expect {
            try MetadataRequest(topics: [], allowAutoTopicCreation: false).encoded(version: 3)
        } throws: { error in
            let encodingError = error as? KafkaEncodingError
            return encodingError?.reason == .fieldNotInVersion && encodingError?.field == "allowAutoTopicCreation"
                && encodingError?.version == 3
                && "\(error)".contains("MetadataRequest.allowAutoTopicCreation")
        }
        _ = try MetadataRequest(topics: [], allowAutoTopicCreation: true).encoded(version: 3)
    }

    @Test("ApiVersionsResponse v0 frame: response header v0, int32 array")
    func apiVersionsResponseV0() throws {
        let response = ApiVersionsResponse(errorCode: 0, apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 3)])
        var frame = ByteBuffer()
        try KafkaFraming.encodeResponse(response, version: 0, correlationId: 9, into: &frame)
        #expect(
            hex(frame)
                == hex(
                    bytes(
                        "00 00 00 10"  // size 16
                            + "00 00 00 09"  // ResponseHeader v0: correlationId
                            + "00 00"  // errorCode NONE
                            + "00 00 00 01"  // apiKeys count 1
                            + "00 12 00 00 00 03")))  // apiKey 18, min 0, max 3
        var reader = frame
        let content = try #require(try KafkaFraming.readFrame(from: &reader))
        #expect(KafkaFraming.correlationId(ofResponse: content) == 9)
        let decoded = try KafkaFraming.decodeResponse(ApiVersionsResponse.self, version: 0, from: content)
        #expect(decoded.body == response)
    }

    @Test("ApiVersionsResponse v3: flexible body but header v0; known and unknown tagged fields in tag order")
    func apiVersionsResponseV3TaggedFields() throws {
        var response = ApiVersionsResponse(
            errorCode: 0, apiKeys: [.init(apiKey: 18, minVersion: 0, maxVersion: 4)], throttleTimeMs: 0,
            finalizedFeaturesEpoch: 5)
        response.unknownTaggedFields = [KafkaTaggedField(tag: 9, data: ByteBuffer(bytes: [0xAB]))]
        let body =
            "00 00"  // errorCode
            + "02 | 00 12 00 00 00 04 | 00"  // apiKeys: compact count 1+1; 18, 0, 4; element tag section
            + "00 00 00 00"  // throttleTimeMs
            + "02"  // tagged fields: 2 (supportedFeatures etc. are at their defaults, so not written)
            + "01 08 00 00 00 00 00 00 00 05"  // tag 1 finalizedFeaturesEpoch: size 8, int64 5
            + "09 01 ab"  // unknown tag 9, size 1, kept verbatim
        try check(response, version: 3, bytes(body))

        var frame = ByteBuffer()
        try KafkaFraming.encodeResponse(response, version: 3, correlationId: 1, into: &frame)
        // Header v0 (no tag section) even though v3 is flexible: 4-byte correlation id, then the body.
        #expect(hex(frame) == hex(bytes("00 00 00 20 | 00 00 00 01 | " + body)))  // size 32 = 4 + 28-byte body
    }

    @Test("unknown tagged fields are interleaved with known ones in ascending tag order")
    func unknownTagsInterleave() throws {
        // ApiVersionsResponse v4 knows tags 0-3; unknown tags can only be above them there.
        var response = ApiVersionsResponse(zkMigrationReady: true)  // known tag 3
        response.unknownTaggedFields = [KafkaTaggedField(tag: 100, data: ByteBuffer(bytes: [1]))]
        let encoded = try response.encoded(version: 4)
        // tag section: count 2; tag 3 (size 1, true); tag 100 = 0x64 (size 1, 01)
        #expect(hex(encoded).hasSuffix("02 03 01 01 64 01 01"))
        let decoded = try ApiVersionsResponse.decode(from: encoded, version: 4)
        #expect(decoded == response)

        // The helper generated encoders use: unknown tags 0 and 5 around a known tag 3 come out 0, 3, 5.
        let unknown = [
            KafkaTaggedField(tag: 0, data: ByteBuffer(bytes: [0xA0])),
            KafkaTaggedField(tag: 5, data: ByteBuffer(bytes: [0xA5])),
        ]
        var buffer = ByteBuffer()
        var index = 0
        buffer.writeWithKafkaWriter { writer in
            writer.writeKafkaUnknownTaggedFields(unknown, before: 3, index: &index)
            writer.writeKafkaTaggedField(tag: 3) { $0.writeInteger(UInt8(0x33)) }
            writer.writeKafkaUnknownTaggedFields(unknown, before: nil, index: &index)
        }
        #expect(hex(buffer) == "00 01 a0 03 01 33 05 01 a5")
    }

    @Test("a tagged field decoded at a version that does not define it is kept as unknown")
    func taggedFieldOfOtherVersionIsUnknown() throws {
        var buffer = ByteBuffer()
        buffer.writeWithKafkaWriter { $0.writeKafkaTaggedFields([KafkaTaggedField(tag: 0, data: ByteBuffer(bytes: [0x05]))]) }
        let header = try ResponseHeader.decode(from: bytes("00 00 00 01 " + hex(buffer)), version: 1)
        #expect(header.correlationId == 1)
        #expect(header.unknownTaggedFields == [KafkaTaggedField(tag: 0, data: ByteBuffer(bytes: [0x05]))])
    }
}
