import NIOCore

/// A value with a Kafka wire encoding that depends on the protocol version: every generated message and
/// nested struct.
public protocol KafkaCodable: KafkaArrayElement {
    /// Decodes a value of `version` from `reader`, advancing it past the value.
    init(from reader: inout KafkaReader, version: Int16) throws
    /// Appends the encoding of this value at `version` to `writer`.
    func encode(to writer: inout KafkaWriter, version: Int16) throws
    /// Tagged fields that were on the wire but unknown to this codec; re-encoded unchanged.
    var unknownTaggedFields: [KafkaTaggedField] { get set }
}

/// A top-level Kafka message: a request, a response, a header, or a data record.
public protocol KafkaMessage: KafkaCodable {
    /// The spec name, e.g. "MetadataRequest".
    static var messageName: String { get }
    /// The versions this package can encode and decode.
    static var validVersions: ClosedRange<Int16> { get }
    /// The first version using flexible encodings, or nil if none does.
    static var lowestFlexibleVersion: Int16? { get }
}

/// A request body. `Response` links it to its response so a client can write
/// `let response = try await send(MetadataRequest(...))`.
public protocol KafkaRequest: KafkaMessage {
    associatedtype Response: KafkaResponse
    static var apiKey: ApiKey { get }
}

/// A response body.
public protocol KafkaResponse: KafkaMessage {
    static var apiKey: ApiKey { get }
}

extension KafkaMessage {
    /// Whether `version` uses flexible encodings (compact strings/arrays, tagged fields).
    public static func isFlexible(version: Int16) -> Bool {
        guard let lowest = lowestFlexibleVersion else { return false }
        return version >= lowest
    }

    /// Throws unless `version` is one of this message's valid versions.
    public static func checkDecodable(version: Int16) throws(KafkaDecodingError) {
        guard validVersions.contains(version) else {
            throw KafkaDecodingError(
                reason: .unsupportedVersion(version, supported: validVersions), offset: 0, message: messageName,
                version: version)
        }
    }

    /// Throws unless `version` is one of this message's valid versions.
    public static func checkEncodable(version: Int16) throws(KafkaEncodingError) {
        guard validVersions.contains(version) else {
            throw KafkaEncodingError(
                reason: .unsupportedVersion(supported: validVersions), message: messageName, field: nil,
                version: version)
        }
    }
}

extension KafkaCodable {
    /// Decodes a value of `version` from `buffer`, advancing its reader index past the value.
    @inlinable
    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        self = try buffer.withKafkaReader { reader in try Self(from: &reader, version: version) }
    }

    /// Appends the encoding of this value at `version` to `buffer`.
    @inlinable
    public func encode(into buffer: inout ByteBuffer, version: Int16) throws {
        try buffer.writeWithKafkaWriter { writer in try encode(to: &writer, version: version) }
    }

    /// Decodes a value of `version` from the whole of `buffer`; trailing bytes are an error.
    public static func decode(from buffer: ByteBuffer, version: Int16) throws -> Self {
        var copy = buffer
        let value = try Self(from: &copy, version: version)
        guard copy.readableBytes == 0 else {
            throw KafkaDecodingError(
                reason: .invalidFrame("\(copy.readableBytes) bytes left after the value"), offset: copy.readerIndex,
                message: String(describing: Self.self), version: version)
        }
        return value
    }

    /// The encoding of this value at `version` in a new buffer.
    public func encoded(version: Int16, allocator: ByteBufferAllocator = ByteBufferAllocator()) throws -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 64)
        try encode(into: &buffer, version: version)
        return buffer
    }
}
