import KafkaProtocol
import NIOCore

/// A request as the simulated broker parsed it.
struct ParsedBrokerRequest: Sendable {
    var header: RequestHeader
    var apiKey: ApiKey
    var body: any KafkaRequest
    var version: Int16 { header.requestApiVersion }
    var correlationId: Int32 { header.correlationId }
    /// Bytes after the body the broker ignored.
    var trailingBytes: Int
}

enum BrokerRequestDecoding {
    /// Decodes a request frame like a Java broker: header, then the body of the API and version it names.
    /// Unlike `KafkaFraming.decodeRequest`, bytes left after the body are ignored, because Kafka ignores them
    /// and librdkafka 2.x sends MetadataRequest v12 with 3 such bytes.
    static func decode(_ frame: ByteBuffer) throws -> ParsedBrokerRequest {
        var buffer = frame
        guard let rawKey = buffer.getInteger(at: buffer.readerIndex, as: Int16.self),
            let rawVersion = buffer.getInteger(at: buffer.readerIndex + 2, as: Int16.self)
        else {
            throw SimulatedKafkaError(.invalidRequest, "Request frame of \(frame.readableBytes) bytes is shorter than a request header")
        }
        guard let apiKey = ApiKey(rawValue: rawKey) else {
            throw SimulatedKafkaError(.invalidRequest, "Unknown API key \(rawKey)")
        }
        guard apiKey.validVersions.contains(rawVersion) else {
            throw SimulatedKafkaError(.unsupportedVersion, "\(apiKey) v\(rawVersion) is outside \(apiKey.validVersions)")
        }
        let header = try RequestHeader(from: &buffer, version: apiKey.requestHeaderVersion(for: rawVersion))
        let body = try apiKey.requestType.init(from: &buffer, version: rawVersion)
        return ParsedBrokerRequest(header: header, apiKey: apiKey, body: body, trailingBytes: buffer.readableBytes)
    }
}
