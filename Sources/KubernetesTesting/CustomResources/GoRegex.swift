/// Go RE2 patterns (what CRD `pattern` and CEL `matches()` use) run with Swift Regex. RE2 is almost a subset
/// of the syntax Swift accepts; the named-group spelling `(?P<name>...)` is rewritten. Matching is unanchored,
/// like Go's `regexp.MatchString`.
enum GoRegex {
    static func compile(_ pattern: String) -> Regex<AnyRegexOutput>? {
        try? Regex(pattern.replacingOccurrences(of: "(?P<", with: "(?<"))
    }

    static func matches(_ regex: Regex<AnyRegexOutput>, _ text: String) -> Bool {
        (try? regex.firstMatch(in: text)) != nil
    }

    /// The reason a pattern does not compile, or nil when it does.
    static func compileError(_ pattern: String) -> String? {
        do {
            _ = try Regex(pattern.replacingOccurrences(of: "(?P<", with: "(?<"))
            return nil
        } catch {
            return "\(error)"
        }
    }
}

/// A compiled pattern kept on an immutable schema node and shared between requests.
///
/// `Regex<AnyRegexOutput>` is not `Sendable` only because its match output type (which may hold arbitrary
/// captures) is not; the compiled program inside is immutable and thread-safe (`Regex<Substring>` is
/// `Sendable`), and each match builds its own output. So sharing it is safe.
struct CompiledRegex: @unchecked Sendable {
    let regex: Regex<AnyRegexOutput>

    func matches(_ text: String) -> Bool { GoRegex.matches(regex, text) }
}
