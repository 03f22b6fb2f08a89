extension ApiKey {
    /// Whether `version` of this API uses flexible encodings.
    public func isFlexible(version: Int16) -> Bool {
        guard let lowest = lowestFlexibleVersion else { return false }
        return version >= lowest
    }

    /// The `RequestHeader` version a request of `version` uses: 2 when flexible, else 1; ControlledShutdown
    /// v0 is the one API that still uses header v0 (no client id).
    public func requestHeaderVersion(for version: Int16) -> Int16 {
        if isFlexible(version: version) { return 2 }
        if self == .controlledShutdown && version == 0 { return 0 }
        return 1
    }

    /// The `ResponseHeader` version a response of `version` uses: 1 when flexible, else 0. ApiVersions
    /// responses always use v0, because a client must be able to read the header before it knows which
    /// versions the broker supports.
    public func responseHeaderVersion(for version: Int16) -> Int16 {
        if self == .apiVersions { return 0 }
        return isFlexible(version: version) ? 1 : 0
    }
}
