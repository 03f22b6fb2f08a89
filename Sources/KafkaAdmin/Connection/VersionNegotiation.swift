import KafkaProtocol
import NIOCore

/// Pure helpers for ApiVersions negotiation.
enum VersionNegotiation {
    /// The highest version in both ranges, or nil if they do not overlap.
    static func highestCommon(ours: ClosedRange<Int16>, theirs: ClosedRange<Int16>) -> Int16? {
        let low = max(ours.lowerBound, theirs.lowerBound)
        let high = min(ours.upperBound, theirs.upperBound)
        return low <= high ? high : nil
    }

    static func ranges(of response: ApiVersionsResponse) -> [Int16: ClosedRange<Int16>] {
        var result: [Int16: ClosedRange<Int16>] = [:]
        for api in response.apiKeys where api.minVersion <= api.maxVersion {
            result[api.apiKey] = api.minVersion...api.maxVersion
        }
        return result
    }

    /// Decodes an ApiVersions response frame. A broker that rejects our version answers in the v0
    /// layout (error code + api keys), so when the requested layout does not fit, v0 is tried.
    static func decodeApiVersions(
        _ frame: ByteBuffer, requestedVersion: Int16, address: KafkaBrokerAddress
    ) throws(KafkaAdminError) -> ApiVersionsResponse {
        if let response = try? KafkaFraming.decodeResponse(ApiVersionsResponse.self, version: requestedVersion, from: frame).body {
            return response
        }
        do {
            return try KafkaFraming.decodeResponse(ApiVersionsResponse.self, version: 0, from: frame).body
        } catch {
            throw KafkaAdminError(
                code: .protocolError,
                message: "broker \(address) answered ApiVersions v\(requestedVersion) with bytes that are neither that version nor the v0 error layout: \(error)")
        }
    }

    static func unsupported(_ apiKey: ApiKey, broker: KafkaBrokerAddress, theirs: ClosedRange<Int16>?) -> KafkaAdminError {
        let ours = "\(apiKey.validVersions.lowerBound)-\(apiKey.validVersions.upperBound)"
        let detail = theirs.map { "the broker supports versions \($0.lowerBound)-\($0.upperBound)" }
            ?? "the broker does not support this API at all"
        return KafkaAdminError(
            code: .unsupportedVersion, kafkaErrorCode: .unsupportedVersion,
            message: "broker \(broker) cannot serve \(apiKey.name): this client speaks versions \(ours), \(detail)")
    }
}
