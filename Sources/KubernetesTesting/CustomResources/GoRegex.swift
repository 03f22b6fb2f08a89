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
