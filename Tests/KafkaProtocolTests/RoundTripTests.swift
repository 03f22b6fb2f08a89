import KafkaProtocol
import NIOCore
import Testing

/// Every version of every generated message: a sample with all of the version's fields set survives
/// encode -> decode -> encode unchanged, and decoding consumes exactly the encoded bytes.
@Suite("Round trips of every message at every version")
struct RoundTripTests {
    @Test("round trip", arguments: RoundTripCase.all)
    func roundTrip(_ testCase: RoundTripCase) throws {
        for version in testCase.versions {
            let outcome = try testCase.run(version)
            #expect(outcome.matches, "\(testCase.name) v\(version): decoded value differs from the encoded one")
            #expect(outcome.leftoverBytes == 0, "\(testCase.name) v\(version): \(outcome.leftoverBytes) bytes not consumed")
            #expect(outcome.reencodedMatches, "\(testCase.name) v\(version): re-encoding changed the bytes")
        }
    }

    @Test("every strict prefix of an encoding fails to decode with an error, never a crash", arguments: RoundTripCase.all)
    func truncationThrows(_ testCase: RoundTripCase) throws {
        for version in [testCase.versions.lowerBound, testCase.versions.upperBound] {
            let encoded = try testCase.run(version).encoded
            for length in 0..<encoded.readableBytes {
                let prefix = encoded.getSlice(at: encoded.readerIndex, length: length) ?? ByteBuffer()
                #expect(throws: (any Error).self, "\(testCase.name) v\(version) decoded from \(length) of \(encoded.readableBytes) bytes") {
                    try testCase.decode(prefix, version)
                }
            }
        }
    }

    @Test("all APIs of ApiKey have both a request and a response with matching keys")
    func apiKeysLinkTypes() {
        for key in ApiKey.allCases {
            #expect(key.requestType.apiKey == key)
            #expect(key.responseType.apiKey == key)
            #expect(key.requestType.validVersions == key.validVersions)
            #expect(key.requestType.messageName == key.name + "Request")
        }
        #expect(ApiKey.allCases.count == 88)
    }
}
