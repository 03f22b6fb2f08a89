/// Why the sandbox stopped or could not start, in words a user can act on.
public enum SandboxError: Error, Sendable, CustomStringConvertible {
    /// A manifest could not be read or applied.
    case manifest(source: String, message: String)
    /// `--until-ready` ran out of time; `waiting` says what was not Ready and why.
    case timedOut(after: Duration, waiting: [String])
    /// A resource reported it can never become Ready as specified (e.g. it failed validation).
    case failed(resource: String, reason: String, message: String)

    public var description: String {
        switch self {
        case .manifest(let source, let message):
            return "\(source): \(message)"
        case .timedOut(let after, let waiting):
            return "not Ready after \(after.formatted(.units(allowed: [.seconds, .minutes], width: .abbreviated))):\n"
                + waiting.map { "  \($0)" }.joined(separator: "\n")
        case .failed(let resource, let reason, let message):
            return "\(resource) cannot become Ready (\(reason)): \(message)"
        }
    }
}
