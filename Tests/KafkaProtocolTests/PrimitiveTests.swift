import KafkaProtocol
import NIOCore
import Testing

@Suite("Hand-written primitives")
struct PrimitiveTests {
    @Test(
        "unsigned varints: base 128, least significant group first",
        arguments: [
            (UInt32(0), "00"), (1, "01"), (127, "7f"), (128, "80 01"), (300, "ac 02"), (16_383, "ff 7f"),
            (16_384, "80 80 01"), (UInt32.max, "ff ff ff ff 0f"),
        ])
    func unsignedVarint(value: UInt32, expected: String) throws {
        var buffer = ByteBuffer()
        buffer.writeWithKafkaWriter { $0.writeKafkaUnsignedVarint(value) }
        #expect(hex(buffer) == expected)
        #expect(try buffer.withKafkaReader { try $0.readKafkaUnsignedVarint() } == value)
        #expect(buffer.readableBytes == 0)
    }

    @Test(
        "zig-zag varints: 0, -1, 1, -2 map to 0, 1, 2, 3",
        arguments: [
            (Int32(0), "00"), (-1, "01"), (1, "02"), (-64, "7f"), (64, "80 01"), (Int32.max, "fe ff ff ff 0f"),
            (Int32.min, "ff ff ff ff 0f"),
        ])
    func varint(value: Int32, expected: String) throws {
        var buffer = ByteBuffer()
        buffer.writeWithKafkaWriter { $0.writeKafkaVarint(value) }
        #expect(hex(buffer) == expected)
        #expect(try buffer.withKafkaReader { try $0.readKafkaVarint() } == value)
    }

    @Test("zig-zag varlongs cover the full 64-bit range in at most 10 bytes")
    func varlong() throws {
        for value in [Int64.min, -1, 0, 1, Int64.max, -300, 1 << 40] {
            var buffer = ByteBuffer()
            buffer.writeWithKafkaWriter { $0.writeKafkaVarlong(value) }
            #expect(buffer.readableBytes <= 10)
            #expect(try buffer.withKafkaReader { try $0.readKafkaVarlong() } == value)
        }
        var buffer = ByteBuffer()
        buffer.writeWithKafkaWriter { $0.writeKafkaVarlong(Int64.min) }
        #expect(hex(buffer) == "ff ff ff ff ff ff ff ff ff 01")
    }

    @Test("over-long and truncated varints are errors")
    func badVarints() {
        var tooLong = bytes("80 80 80 80 80 01")
        #expect(throws: KafkaDecodingError.self) { try tooLong.withKafkaReader { try $0.readKafkaUnsignedVarint() } }
        var truncated = bytes("80 80")
        #expect(throws: KafkaDecodingError.self) { try truncated.withKafkaReader { try $0.readKafkaUnsignedVarint() } }
        var overflow = bytes("ff ff ff ff 1f")  // 5 bytes but more than 32 bits
        #expect(throws: KafkaDecodingError.self) { try overflow.withKafkaReader { try $0.readKafkaUnsignedVarint() } }
    }

    @Test("Kafka Uuid text form is unpadded base64url of the 16 bytes")
    func uuidText() throws {
        #expect(KafkaUUID.zero.description == "AAAAAAAAAAAAAAAAAAAAAA")
        // Kafka's METADATA_TOPIC_ID is new Uuid(0L, 1L).
        let metadataTopicId = KafkaUUID(mostSignificantBits: 0, leastSignificantBits: 1)
        #expect(metadataTopicId.description == "AAAAAAAAAAAAAAAAAAAAAQ")
        let id = KafkaUUID(mostSignificantBits: 0xFBFF_EFBE_0123_4567, leastSignificantBits: 0x89AB_CDEF_FEDC_BA98)
        #expect(id.description.contains("_") || id.description.contains("-"))  // url-safe alphabet in use
        #expect(KafkaUUID(id.description) == id)
        #expect(KafkaUUID("not a uuid") == nil)
        #expect(KafkaUUID("AAAAAAAAAAAAAAAAAAAAAB") == nil)  // non-zero padding bits are not canonical
    }

    @Test("strings: classic int16 length, compact varint length + 1, null markers")
    func strings() throws {
        var buffer = ByteBuffer()
        try buffer.writeWithKafkaWriter { try $0.writeKafkaString("héllo", compact: false) }
        try buffer.writeWithKafkaWriter { try $0.writeKafkaNullableString(nil, compact: false) }
        try buffer.writeWithKafkaWriter { try $0.writeKafkaString("", compact: true) }
        try buffer.writeWithKafkaWriter { try $0.writeKafkaNullableString(nil, compact: true) }
        #expect(hex(buffer) == "00 06 68 c3 a9 6c 6c 6f ff ff 01 00")
        #expect(try buffer.withKafkaReader { try $0.readKafkaString(compact: false) } == "héllo")
        #expect(try buffer.withKafkaReader { try $0.readKafkaNullableString(compact: false) } == nil)
        #expect(try buffer.withKafkaReader { try $0.readKafkaString(compact: true) } == "")
        #expect(throws: KafkaDecodingError.self) { try buffer.withKafkaReader { try $0.readKafkaString(compact: true) } }  // null not allowed
    }

    @Test("invalid UTF-8 and lengths beyond the buffer are errors")
    func badStrings() {
        var invalid = bytes("00 02 c3 28")
        #expect {
            try invalid.withKafkaReader { try $0.readKafkaString(compact: false) }
        } throws: { ($0 as? KafkaDecodingError)?.reason == .invalidUTF8 }
        var tooLong = bytes("00 09 61")
        #expect {
            try tooLong.withKafkaReader { try $0.readKafkaString(compact: false) }
        } throws: { ($0 as? KafkaDecodingError)?.reason == .invalidLength(9) }
    }

    @Test("bytes: int32 length or compact; decoded as a slice")
    func byteSequences() throws {
        var buffer = ByteBuffer()
        buffer.writeWithKafkaWriter { $0.writeKafkaBytes(ByteBuffer(bytes: [1, 2]), compact: false) }
        buffer.writeWithKafkaWriter { $0.writeKafkaNullableBytes(nil, compact: true) }
        #expect(hex(buffer) == "00 00 00 02 01 02 00")
        #expect(try buffer.withKafkaReader { try $0.readKafkaBytes(compact: false) } == ByteBuffer(bytes: [1, 2]))
        #expect(try buffer.withKafkaReader { try $0.readKafkaNullableBytes(compact: true) } == nil)
    }

    @Test("error codes carry Kafka's name, retriability and message")
    func errorCodes() {
        #expect(KafkaErrorCode.unknownTopicOrPartition.rawValue == 3)
        #expect(KafkaErrorCode(rawValue: 3).name == "UNKNOWN_TOPIC_OR_PARTITION")
        #expect(KafkaErrorCode(rawValue: 3).isRetriable)
        #expect(KafkaErrorCode.topicAlreadyExists.isRetriable == false)
        #expect(KafkaErrorCode(rawValue: 35).message?.contains("version") == true)  // UNSUPPORTED_VERSION
        #expect(KafkaErrorCode(rawValue: 0).isSuccess)
        #expect(KafkaErrorCode(rawValue: 30_000).name == "UNKNOWN_CODE_30000")
        #expect(KafkaErrorCode.allKnown.count > 100)
    }

    @Test("header versions: flexible APIs use header v2/v1, ApiVersions responses always v0")
    func headerVersions() {
        #expect(ApiKey.metadata.requestHeaderVersion(for: 8) == 1)
        #expect(ApiKey.metadata.requestHeaderVersion(for: 9) == 2)
        #expect(ApiKey.metadata.responseHeaderVersion(for: 8) == 0)
        #expect(ApiKey.metadata.responseHeaderVersion(for: 9) == 1)
        #expect(ApiKey.apiVersions.responseHeaderVersion(for: 3) == 0)
        #expect(ApiKey.apiVersions.requestHeaderVersion(for: 3) == 2)
        #expect(ApiKey.controlledShutdown.requestHeaderVersion(for: 0) == 0)
        #expect(ApiKey(rawValue: 3) == .metadata)
        #expect(ApiKey.metadata.name == "Metadata")
    }
}

@Suite("Encoding limits")
struct EncodingLimitTests {
    @Test("a classic string over 32767 bytes is an encoding error, a compact one is fine")
    func longStrings() throws {
        let long = String(repeating: "x", count: 40_000)
        #expect {
            try MetadataRequest(topics: [.init(name: long)]).encoded(version: 1)
        } throws: { error in
            (error as? KafkaEncodingError)?.reason == .tooLong(40_000) && "\(error)".contains("32767")
        }
        let compact = try MetadataRequest(topics: [.init(name: long)]).encoded(version: 12)
        #expect(try MetadataRequest.decode(from: compact, version: 12).topics?.first?.name == long)
    }
}
