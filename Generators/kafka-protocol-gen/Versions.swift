/// A set of protocol versions as written in the specs: "none", "3", "3+", "0-7". An empty range is "none".
struct Versions: Equatable, CustomStringConvertible {
    var lowest: Int16
    var highest: Int16

    static let none = Versions(lowest: 1, highest: 0)
    static let openEnded = Int16.max

    var isEmpty: Bool { lowest > highest }

    var description: String {
        if isEmpty { return "none" }
        if highest == Self.openEnded { return "\(lowest)+" }
        return lowest == highest ? "\(lowest)" : "\(lowest)-\(highest)"
    }

    init(lowest: Int16, highest: Int16) {
        self.lowest = lowest
        self.highest = highest
    }

    init(parsing text: String, owner: String) throws {
        func number(_ s: Substring) throws -> Int16 {
            guard let value = Int16(s), value >= 0 else {
                throw GeneratorError("\(owner): '\(text)' is not a version range (expected none, N, N+ or N-M)")
            }
            return value
        }
        if text == "none" {
            self = .none
        } else if text.hasSuffix("+") {
            self.init(lowest: try number(text.dropLast()), highest: Self.openEnded)
        } else if let dash = text.firstIndex(of: "-") {
            self.init(lowest: try number(text[..<dash]), highest: try number(text[text.index(after: dash)...]))
            if isEmpty { throw GeneratorError("\(owner): version range '\(text)' is empty") }
        } else {
            let single = try number(Substring(text))
            self.init(lowest: single, highest: single)
        }
    }

    func intersection(_ other: Versions) -> Versions {
        let result = Versions(lowest: max(lowest, other.lowest), highest: min(highest, other.highest))
        return result.isEmpty ? .none : result
    }

    func contains(_ version: Int16) -> Bool { version >= lowest && version <= highest }

    func contains(_ other: Versions) -> Bool {
        other.isEmpty || (other.lowest >= lowest && other.highest <= highest)
    }

    /// A Swift condition on `version` that is true exactly for the versions of `self` within `context`
    /// (the versions in which the surrounding code can run), or nil when it is always true there.
    func condition(within context: Versions, variable: String = "version") -> String? {
        let effective = intersection(context)
        if effective.isEmpty { return "false" }
        let needLower = effective.lowest > context.lowest
        let needUpper = effective.highest < context.highest
        switch (needLower, needUpper) {
        case (false, false): return nil
        case (true, false): return "\(variable) >= \(effective.lowest)"
        case (false, true): return "\(variable) <= \(effective.highest)"
        case (true, true):
            if effective.lowest == effective.highest { return "\(variable) == \(effective.lowest)" }
            return "\(variable) >= \(effective.lowest) && \(variable) <= \(effective.highest)"
        }
    }
}

/// A generator failure with a message naming the file and the offending part of the spec.
struct GeneratorError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
