import KafkaProtocol
import NIOCore
import Testing

/// Implemented (by generated code) for every message and nested struct: a value of `version` with every
/// field that version has set to a non-default value.
protocol SampleProviding {
    static func sample(version: Int16) -> Self
}

/// One generated message, checked at every valid version.
struct RoundTripCase: Sendable, CustomTestStringConvertible {
    let name: String
    let versions: ClosedRange<Int16>
    let lowestFlexibleVersion: Int16?
    /// Encodes the sample of a version (plus an unknown tagged field when flexible), decodes it, re-encodes.
    let run: @Sendable (Int16) throws -> RoundTripOutcome
    /// The plain sample of a version encoded (no unknown tagged fields added), for cross-checks.
    let plainSample: @Sendable (Int16) throws -> ByteBuffer
    /// Decodes bytes as this message at a version (the value is discarded).
    let decode: @Sendable (ByteBuffer, Int16) throws -> Void

    var testDescription: String { name }

    init<Message: KafkaMessage & SampleProviding>(_ type: Message.Type) {
        name = Message.messageName
        versions = Message.validVersions
        lowestFlexibleVersion = Message.lowestFlexibleVersion
        plainSample = { version in try Message.sample(version: version).encoded(version: version) }
        decode = { bytes, version in
            var reader = bytes
            _ = try Message(from: &reader, version: version)
        }
        run = { version in
            var sample = Message.sample(version: version)
            if Message.isFlexible(version: version) {
                // A tag far above any known one: must survive decode and re-encode untouched.
                sample.unknownTaggedFields = [KafkaTaggedField(tag: 10_000, data: ByteBuffer(bytes: [0xCA, 0xFE]))]
            }
            let encoded = try sample.encoded(version: version)
            var reader = encoded
            let decoded = try Message(from: &reader, version: version)
            let reencoded = try decoded.encoded(version: version)
            return RoundTripOutcome(
                matches: decoded == sample, leftoverBytes: reader.readableBytes, reencodedMatches: reencoded == encoded,
                encoded: encoded)
        }
    }
}

struct RoundTripOutcome {
    var matches: Bool
    var leftoverBytes: Int
    var reencodedMatches: Bool
    var encoded: ByteBuffer
}
