/// A label query over a set of objects (`metav1.LabelSelector`): all `matchLabels` and all
/// `matchExpressions` must hold. An empty selector matches everything; a nil one (where a field is
/// optional) matches nothing, which is the caller's decision.
public struct LabelSelector: Codable, Sendable, Hashable {
    public var matchLabels: [String: String]?
    public var matchExpressions: [LabelSelectorRequirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [LabelSelectorRequirement]? = nil) {
        self.matchLabels = matchLabels
        self.matchExpressions = matchExpressions
    }
}

/// One expression of a `LabelSelector`: `key In (a, b)`, `key NotIn (...)`, `key Exists`, `key DoesNotExist`.
public struct LabelSelectorRequirement: Codable, Sendable, Hashable {
    public var key: String
    /// `In`, `NotIn`, `Exists` or `DoesNotExist`.
    public var `operator`: String
    public var values: [String]?

    public init(key: String, operator: String, values: [String]? = nil) {
        self.key = key
        self.operator = `operator`
        self.values = values
    }
}
