import NIOCore

/// Decoding bytes from the wire failed. Says what was being decoded: the message, the path of fields to
/// the value that failed, the version, and the byte offset of the failing read.
///
/// The offset is the reader index, in the buffer being decoded, of the value that failed (values inside
/// tagged fields included).
public struct KafkaDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What was wrong with the bytes.
    public enum Reason: Hashable, Sendable {
        /// The buffer ended `needed` bytes into a value that had only `available` bytes left.
        case truncated(needed: Int, available: Int)
        /// A length prefix was negative (other than the null marker) or longer than the remaining bytes.
        case invalidLength(Int)
        /// A null was found where the version does not allow one.
        case unexpectedNull
        /// A varint ran over 5 bytes (32-bit) or 10 bytes (64-bit).
        case varintTooLong
        /// A string was not valid UTF-8.
        case invalidUTF8
        /// The message does not exist in this version.
        case unsupportedVersion(Int16, supported: ClosedRange<Int16>)
        /// A request named an API key this package does not know.
        case unknownApiKey(Int16)
        /// A frame's declared size does not match its content.
        case invalidFrame(String)
    }

    public var reason: Reason
    public var offset: Int
    /// The message (or nested struct) that was being decoded, e.g. "MetadataResponse".
    public var message: String?
    /// The field path from the message to the failing value, e.g. ["topics", "partitions", "leaderId"].
    public var fieldPath: [String]
    public var version: Int16?

    public init(reason: Reason, offset: Int, message: String? = nil, fieldPath: [String] = [], version: Int16? = nil) {
        self.reason = reason
        self.offset = offset
        self.message = message
        self.fieldPath = fieldPath
        self.version = version
    }

    /// The same error seen from one level up: `field` of `type` (the outermost caller's name wins).
    public func within(field: String, of type: String, version: Int16) -> KafkaDecodingError {
        var copy = self
        if !field.isEmpty { copy.fieldPath.insert(field, at: 0) }
        copy.message = type
        copy.version = version
        return copy
    }

    /// Adds the field context to `error` if it is a decoding error; any other error passes unchanged.
    /// Generated decoders call this from their catch blocks.
    public static func adding(field: StaticString, of type: StaticString, version: Int16, to error: any Error) -> any Error {
        guard let decodingError = error as? KafkaDecodingError else { return error }
        return decodingError.within(field: field.description, of: type.description, version: version)
    }

    public var description: String {
        var text = "cannot decode"
        if let message { text += " \(message)" }
        if let version { text += " v\(version)" }
        if !fieldPath.isEmpty { text += " field \(fieldPath.joined(separator: "."))" }
        text += " at byte \(offset): "
        switch reason {
        case .truncated(let needed, let available):
            text += "needed \(needed) bytes but only \(available) remain (the frame is truncated or not this message/version)"
        case .invalidLength(let length):
            text += "length \(length) is negative or exceeds the remaining bytes"
        case .unexpectedNull:
            text += "null is not allowed here in this version"
        case .varintTooLong:
            text += "varint is longer than its type allows"
        case .invalidUTF8:
            text += "string is not valid UTF-8"
        case .unsupportedVersion(let version, let supported):
            text += "version \(version) is not supported (supported: \(supported.lowerBound)-\(supported.upperBound))"
        case .unknownApiKey(let key):
            text += "unknown API key \(key)"
        case .invalidFrame(let detail):
            text += "invalid frame: \(detail)"
        }
        return text
    }
}

/// Encoding a value failed because it cannot be represented in the requested version.
public struct KafkaEncodingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// The field is set to a non-default value, is not ignorable, and the version lacks it.
        case fieldNotInVersion
        /// The field is nil but the version has no null encoding for it.
        case nullNotAllowed
        /// The message does not exist in this version.
        case unsupportedVersion(supported: ClosedRange<Int16>)
        /// A string or collection is longer than its length prefix can express.
        case tooLong(Int)
    }

    public var reason: Reason
    public var message: String
    public var field: String?
    public var version: Int16

    public init(reason: Reason, message: String, field: String?, version: Int16) {
        self.reason = reason
        self.message = message
        self.field = field
        self.version = version
    }

    static func fieldNotInVersion(message: String, field: String, version: Int16) -> KafkaEncodingError {
        KafkaEncodingError(reason: .fieldNotInVersion, message: message, field: field, version: version)
    }

    static func nullNotAllowed(message: String, field: String, version: Int16) -> KafkaEncodingError {
        KafkaEncodingError(reason: .nullNotAllowed, message: message, field: field, version: version)
    }

    public var description: String {
        let subject = field.map { "\(message).\($0)" } ?? message
        switch reason {
        case .fieldNotInVersion:
            return "cannot encode \(subject) in version \(version): the version lacks this field and it is not ignorable; "
                + "leave it at its default or use a version that has it"
        case .nullNotAllowed:
            return "cannot encode \(subject) in version \(version): it is nil but this version cannot carry null; set a value"
        case .unsupportedVersion(let supported):
            return "cannot encode \(subject) in version \(version): supported versions are \(supported.lowerBound)-\(supported.upperBound)"
        case .tooLong(let length):
            return "cannot encode a \(subject) of \(length) bytes: a classic (int16-length) string holds at most 32767 bytes; "
                + "shorten it or use a flexible version"
        }
    }
}
