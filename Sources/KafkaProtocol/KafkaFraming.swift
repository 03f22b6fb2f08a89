import NIOCore

/// A request as a broker receives it: the header plus the decoded body.
public struct KafkaReceivedRequest: Sendable {
    public var header: RequestHeader
    public var apiKey: ApiKey
    public var body: any KafkaRequest

    public var version: Int16 { header.requestApiVersion }
    public var correlationId: Int32 { header.correlationId }
}

/// Kafka's framing: every request and response is an int32 size followed by a header and a body. These
/// helpers are the whole wire format for a client (encode requests, decode responses) and for a broker
/// (decode requests, encode responses); connections only move frames.
public enum KafkaFraming {
    /// The largest frame accepted by `readFrame` unless told otherwise (Kafka's default
    /// `socket.request.max.bytes` is 100 MiB).
    public static let defaultMaxFrameSize = 100 * 1024 * 1024

    /// Splits one frame off the front of `buffer`: returns its content (without the size prefix), or nil
    /// if the whole frame has not arrived yet. Throws on a negative or oversized size.
    public static func readFrame(from buffer: inout ByteBuffer, maxSize: Int = defaultMaxFrameSize) throws(KafkaDecodingError) -> ByteBuffer? {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        guard size >= 0, Int(size) <= maxSize else {
            throw KafkaDecodingError(
                reason: .invalidFrame("size \(size) is negative or above the limit of \(maxSize) bytes"),
                offset: buffer.readerIndex)
        }
        guard buffer.readableBytes >= 4 + Int(size) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(size))
    }

    /// Writes `body` with an int32 size prefix.
    static func writeSizePrefixed(into buffer: inout ByteBuffer, _ body: (inout KafkaWriter) throws -> Void) rethrows {
        try buffer.writeWithKafkaWriter { writer in
            writer.writeInteger(Int32(0))
            try body(&writer)
            writer.setInteger(Int32(truncatingIfNeeded: writer.count - 4), at: 0)
        }
    }

    /// Appends a complete request frame (size, header of the right version, body).
    public static func encodeRequest<Request: KafkaRequest>(
        _ request: Request, version: Int16, correlationId: Int32, clientId: String?, into buffer: inout ByteBuffer
    ) throws {
        let header = RequestHeader(
            requestApiKey: Request.apiKey.rawValue, requestApiVersion: version, correlationId: correlationId,
            clientId: clientId)
        try writeSizePrefixed(into: &buffer) { writer in
            try header.encode(to: &writer, version: Request.apiKey.requestHeaderVersion(for: version))
            try request.encode(to: &writer, version: version)
        }
    }

    /// Decodes a request frame's content (as returned by `readFrame`): the header, then the body of the
    /// API and version the header names. Trailing bytes are an error.
    public static func decodeRequest(from frame: ByteBuffer) throws -> KafkaReceivedRequest {
        var buffer = frame
        guard let rawKey = buffer.getInteger(at: buffer.readerIndex, as: Int16.self),
            let rawVersion = buffer.getInteger(at: buffer.readerIndex + 2, as: Int16.self)
        else {
            throw KafkaDecodingError(
                reason: .truncated(needed: 4, available: buffer.readableBytes), offset: buffer.readerIndex,
                message: "RequestHeader")
        }
        guard let apiKey = ApiKey(rawValue: rawKey) else {
            throw KafkaDecodingError(reason: .unknownApiKey(rawKey), offset: buffer.readerIndex, message: "RequestHeader")
        }
        guard apiKey.validVersions.contains(rawVersion) else {
            throw KafkaDecodingError(
                reason: .unsupportedVersion(rawVersion, supported: apiKey.validVersions), offset: buffer.readerIndex,
                message: apiKey.requestType.messageName, version: rawVersion)
        }
        let header = try RequestHeader(from: &buffer, version: apiKey.requestHeaderVersion(for: rawVersion))
        let body = try apiKey.requestType.init(from: &buffer, version: rawVersion)
        try expectEnd(of: buffer, message: apiKey.requestType.messageName, version: rawVersion)
        return KafkaReceivedRequest(header: header, apiKey: apiKey, body: body)
    }

    /// Appends a complete response frame (size, header of the right version, body).
    public static func encodeResponse<Response: KafkaResponse>(
        _ response: Response, version: Int16, correlationId: Int32, into buffer: inout ByteBuffer
    ) throws {
        let header = ResponseHeader(correlationId: correlationId)
        try writeSizePrefixed(into: &buffer) { writer in
            try header.encode(to: &writer, version: Response.apiKey.responseHeaderVersion(for: version))
            try response.encode(to: &writer, version: version)
        }
    }

    /// The correlation id of a response frame's content: always its first four bytes, whatever the header
    /// version, so a client can match a response to its request before decoding it.
    public static func correlationId(ofResponse frame: ByteBuffer) -> Int32? {
        frame.getInteger(at: frame.readerIndex, as: Int32.self)
    }

    /// Decodes a response frame's content (as returned by `readFrame`) of a known type and version.
    public static func decodeResponse<Response: KafkaResponse>(
        _ type: Response.Type, version: Int16, from frame: ByteBuffer
    ) throws -> (header: ResponseHeader, body: Response) {
        var buffer = frame
        let header = try ResponseHeader(from: &buffer, version: Response.apiKey.responseHeaderVersion(for: version))
        let body = try Response(from: &buffer, version: version)
        try expectEnd(of: buffer, message: Response.messageName, version: version)
        return (header, body)
    }

    private static func expectEnd(of buffer: ByteBuffer, message: String, version: Int16) throws(KafkaDecodingError) {
        guard buffer.readableBytes == 0 else {
            throw KafkaDecodingError(
                reason: .invalidFrame("\(buffer.readableBytes) bytes left after the body"), offset: buffer.readerIndex,
                message: message, version: version)
        }
    }
}
