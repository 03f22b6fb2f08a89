/// A JSON document that does not follow RFC 8259, with the byte offset where reading stopped.
///
/// The offset counts bytes from the start of the document (0-based), so the failing spot can be found
/// with `head -c` or `dd` even in a multi-megabyte body.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 0-based byte offset of the first byte that could not be accepted.
    public var offset: Int
    /// What was wrong, in words (`"expected ':' after an object key"`).
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
