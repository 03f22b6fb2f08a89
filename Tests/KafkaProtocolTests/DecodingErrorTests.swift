import KafkaProtocol
import NIOCore
import Testing

@Suite("Decoding bad input")
struct DecodingErrorTests {
    @Test("a truncated response names the message, the field path, the version and the offset")
    func truncatedNamesField() throws {
        let response = MetadataResponse(
            topics: [.init(errorCode: 0, name: "orders", partitions: [.init(partitionIndex: 0, leaderId: 1)])])
        let encoded = try response.encoded(version: 12)
        let cut = try #require(encoded.getSlice(at: 0, length: encoded.readableBytes - 12))
        do {
            _ = try MetadataResponse.decode(from: cut, version: 12)
            Issue.record("decoding a truncated response succeeded")
        } catch let error as KafkaDecodingError {
            #expect(error.message == "MetadataResponse")
            #expect(error.version == 12)
            #expect(error.fieldPath.first == "topics")
            #expect(error.fieldPath.contains("partitions"))
            #expect("\(error)".contains("MetadataResponse v12 field topics.[0].partitions"))
        }
    }

    @Test("unsupported versions are rejected on both sides with the supported range")
    func unsupportedVersion() {
        #expect {
            try MetadataRequest().encoded(version: 99)
        } throws: { error in
            (error as? KafkaEncodingError)?.reason == .unsupportedVersion(supported: 0...12)
        }
        #expect {
            try MetadataRequest.decode(from: ByteBuffer(), version: -1)
        } throws: { error in
            (error as? KafkaDecodingError)?.reason == .unsupportedVersion(-1, supported: 0...12)
        }
    }

    @Test("a request frame with an unknown API key or version is a typed error")
    func unknownApiKey() {
        #expect {
            try KafkaFraming.decodeRequest(from: bytes("7f 00 00 00 00 00 00 01 ff ff"))
        } throws: { ($0 as? KafkaDecodingError)?.reason == .unknownApiKey(0x7F00) }
        #expect {
            try KafkaFraming.decodeRequest(from: bytes("00 03 00 63 00 00 00 01 ff ff"))
        } throws: { ($0 as? KafkaDecodingError)?.reason == .unsupportedVersion(99, supported: 0...12) }
    }

    @Test("readFrame waits for a whole frame and rejects negative sizes")
    func framing() throws {
        var partial = bytes("00 00 00 05 01 02")
        #expect(try KafkaFraming.readFrame(from: &partial) == nil)
        #expect(partial.readableBytes == 6)
        var negative = bytes("ff ff ff ff")
        #expect(throws: KafkaDecodingError.self) { try KafkaFraming.readFrame(from: &negative) }
    }

    @Test("random bytes and bit-flipped encodings never crash the decoders (seeded fuzz)")
    func fuzz() throws {
        var random = SplitMix64(seed: 0x5EED_CAB5_7A11)
        let cases = RoundTripCase.all
        var decodedWithoutError = 0
        var rejected = 0
        for _ in 0..<3_000 {
            let testCase = cases[Int(random.next() % UInt64(cases.count))]
            let span = UInt64(testCase.versions.upperBound - testCase.versions.lowerBound) + 1
            let version = testCase.versions.lowerBound + Int16(random.next() % span)
            var input: ByteBuffer
            if random.next() % 2 == 0 {
                let length = Int(random.next() % 64)
                input = ByteBuffer(bytes: (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) })
            } else {
                input = try testCase.run(version).encoded
                for _ in 0..<(1 + random.next() % 4) where input.readableBytes > 0 {
                    let index = Int(random.next() % UInt64(input.readableBytes))
                    let flipped = (input.getInteger(at: index, as: UInt8.self) ?? 0) ^ UInt8(1 << (random.next() % 8))
                    input.setInteger(flipped, at: index)
                }
            }
            do {
                try testCase.decode(input, version)
                decodedWithoutError += 1
            } catch is KafkaDecodingError {
                rejected += 1
            }
        }
        // Reaching here means no crash; both outcomes must have occurred for the fuzz to mean anything.
        #expect(rejected > 0)
        #expect(decodedWithoutError > 0)
    }
}

/// A small deterministic generator (SplitMix64) so the fuzz test is reproducible.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
