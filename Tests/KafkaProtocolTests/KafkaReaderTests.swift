import KafkaProtocol
import NIOCore
import Testing

@Suite("KafkaReader: decoding from part of a buffer")
struct KafkaReaderTests {
    /// An ApiVersionsResponse v3 body with no API keys and one tagged field, after a 2-byte prefix.
    /// `taggedField` is the tagged field section (count, tag, size, data).
    func framedApiVersions(taggedField: String, trailer: String = "") -> ByteBuffer {
        var buffer = bytes(
            "ff ff"  // not part of the message: skipped below
                + "00 00"  // errorCode
                + "01"  // apiKeys: compact, empty
                + "00 00 00 07"  // throttleTimeMs
                + taggedField + trailer)
        buffer.moveReaderIndex(forwardBy: 2)
        return buffer
    }

    @Test("decoding moves the reader index past the message alone, whatever precedes or follows it")
    func readerIndexMovesByTheMessage() throws {
        var buffer = framedApiVersions(taggedField: "01 01 08 00 00 00 00 00 00 00 2a", trailer: "be ef")
        let response = try ApiVersionsResponse(from: &buffer, version: 3)
        #expect(response.throttleTimeMs == 7)
        #expect(response.finalizedFeaturesEpoch == 42)
        #expect(hex(buffer) == "be ef")
    }

    @Test("an error inside a tagged field reports the offset in the whole buffer, and the reader index stays")
    func taggedFieldErrorOffset() throws {
        // finalizedFeaturesEpoch (tag 1) is an int64 but its data is 2 bytes long.
        var buffer = framedApiVersions(taggedField: "01 01 02 00 00")
        do {
            _ = try ApiVersionsResponse(from: &buffer, version: 3)
            Issue.record("a truncated tagged field decoded")
        } catch let error as KafkaDecodingError {
            #expect(error.reason == .truncated(needed: 8, available: 2))
            #expect(error.offset == 12)  // 2 bytes of prefix + 10 bytes of body before the tagged data
            #expect(error.fieldPath == ["finalizedFeaturesEpoch"])
        }
        #expect(buffer.readerIndex == 2)
    }

    @Test("unknown tagged fields keep their data as a slice of the buffer, re-encoded unchanged")
    func unknownTaggedFieldIsKept() throws {
        var buffer = framedApiVersions(taggedField: "01 7f 03 0a 0b 0c")
        let response = try ApiVersionsResponse(from: &buffer, version: 3)
        #expect(response.unknownTaggedFields == [KafkaTaggedField(tag: 127, data: bytes("0a 0b 0c"))])
        #expect(hex(try response.encoded(version: 3)) == "00 00 01 00 00 00 07 01 7f 03 0a 0b 0c")
    }

    @Test("non-ASCII strings are validated strictly; ASCII ones of every length decode")
    func stringValidation() throws {
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 64] {
            let text = String(repeating: "k", count: length)
            var buffer = ByteBuffer()
            try buffer.writeWithKafkaWriter { try $0.writeKafkaString(text, compact: true) }
            #expect(try buffer.withKafkaReader { try $0.readKafkaString(compact: true) } == text)
        }
        // An invalid byte past the first eight (the word-at-a-time check) is still found.
        var invalid = bytes("0b" + utf8("abcdefgh") + "c3 28")
        #expect {
            try invalid.withKafkaReader { try $0.readKafkaString(compact: true) }
        } throws: { ($0 as? KafkaDecodingError)?.reason == .invalidUTF8 }
        var accented = ByteBuffer()
        try accented.writeWithKafkaWriter { try $0.writeKafkaString("configuración.é", compact: true) }
        #expect(try accented.withKafkaReader { try $0.readKafkaString(compact: true) } == "configuración.é")
    }
}
