extension LabelQuery {
    /// Parses the string syntax of `?labelSelector=` and `kubectl -l`:
    /// `a=b,c==d,e!=f,g in (h,i),j notin (k),l,!m,n>1,o<2`.
    public init(parsing text: String) throws(SelectorError) {
        var scanner = SelectorScanner(text: text)
        var requirements: [LabelRequirement] = []
        scanner.skipSpaces()
        if scanner.atEnd {
            self = .everything
            return
        }
        while true {
            requirements.append(try scanner.requirement())
            scanner.skipSpaces()
            if scanner.atEnd { break }
            guard scanner.consume(",") else {
                throw scanner.error("expected ',' after '\(requirements.last?.description ?? "")'")
            }
        }
        self.init(requirements)
    }
}

/// Label key and value rules (qualified names and label values), shared by both selector forms.
enum LabelSyntax {
    static func validateKey(_ key: String, selector: String) throws(SelectorError) {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let name = parts.last, isQualifiedNamePart(name) else {
            throw SelectorError(
                selector: selector,
                reason: "key '\(key)' must be a name of at most 63 alphanumerics, '-', '_' or '.', "
                    + "starting and ending with an alphanumeric, with an optional DNS-subdomain prefix and '/'")
        }
        if parts.count == 2 {
            let prefix = parts[0]
            guard !prefix.isEmpty, prefix.count <= 253,
                prefix.allSatisfy({ $0.isLowercaseAlphanumeric || $0 == "-" || $0 == "." })
            else {
                throw SelectorError(selector: selector, reason: "prefix of key '\(key)' must be a DNS subdomain")
            }
        }
    }

    static func validateValue(_ value: String, key: String, selector: String) throws(SelectorError) {
        guard value.isEmpty || isQualifiedNamePart(Substring(value)) else {
            throw SelectorError(
                selector: selector,
                reason: "value '\(value)' for key '\(key)' must be empty or at most 63 alphanumerics, '-', '_' "
                    + "or '.', starting and ending with an alphanumeric")
        }
    }

    static func isQualifiedNamePart(_ text: Substring) -> Bool {
        guard !text.isEmpty, text.count <= 63, let first = text.first, let last = text.last,
            first.isASCIIAlphanumeric, last.isASCIIAlphanumeric
        else { return false }
        return text.allSatisfy { $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" || $0 == "." }
    }
}

extension Character {
    var isASCIIAlphanumeric: Bool { isASCII && (isLetter || isNumber) }
    var isLowercaseAlphanumeric: Bool { isASCII && (isLowercase || isNumber) }
}

/// A hand-written scanner for selector strings; small enough that a parser library would be overkill.
struct SelectorScanner {
    let text: String
    private let characters: [Character]
    private var index = 0

    init(text: String) {
        self.text = text
        self.characters = Array(text)
    }

    var atEnd: Bool { index >= characters.count }

    func error(_ reason: String) -> SelectorError { SelectorError(selector: text, reason: reason) }

    mutating func skipSpaces() {
        while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
    }

    mutating func consume(_ literal: String) -> Bool {
        let literalCharacters = Array(literal)
        guard index + literalCharacters.count <= characters.count,
            Array(characters[index..<(index + literalCharacters.count)]) == literalCharacters
        else { return false }
        index += literalCharacters.count
        return true
    }

    /// A key or value token: anything up to a delimiter.
    mutating func token() -> String {
        let start = index
        while index < characters.count, !"=!<>(), \t".contains(characters[index]) { index += 1 }
        return String(characters[start..<index])
    }

    mutating func requirement() throws(SelectorError) -> LabelRequirement {
        skipSpaces()
        if consume("!") {
            skipSpaces()
            let key = token()
            guard !key.isEmpty else { throw error("expected a key after '!'") }
            try LabelSyntax.validateKey(key, selector: text)
            return LabelRequirement(key: key, operator: .doesNotExist)
        }
        let key = token()
        guard !key.isEmpty else { throw error("expected a key at position \(index + 1)") }
        try LabelSyntax.validateKey(key, selector: text)
        skipSpaces()
        if atEnd || characters[index] == "," {
            return LabelRequirement(key: key, operator: .exists)
        }
        let op: LabelRequirement.Operator
        if consume("==") || consume("=") {
            op = .equals
        } else if consume("!=") {
            op = .notEquals
        } else if consume(">") {
            op = .greaterThan
        } else if consume("<") {
            op = .lessThan
        } else {
            let word = token()
            switch word {
            case "in": op = .in
            case "notin": op = .notIn
            default: throw error("unknown operator '\(word)' after key '\(key)' (use =, ==, !=, in, notin, >, <)")
            }
            skipSpaces()
            guard consume("(") else { throw error("expected '(' after '\(word)'") }
            var values: [String] = []
            while true {
                skipSpaces()
                let value = token()
                try LabelSyntax.validateValue(value, key: key, selector: text)
                values.append(value)
                skipSpaces()
                if consume(")") { break }
                guard consume(",") else { throw error("expected ',' or ')' in the value set of '\(key)'") }
            }
            return LabelRequirement(key: key, operator: op, values: values)
        }
        skipSpaces()
        let value = token()
        if op == .greaterThan || op == .lessThan {
            guard Int64(value) != nil else { throw error("'\(key)' needs an integer after the comparison") }
        } else {
            try LabelSyntax.validateValue(value, key: key, selector: text)
        }
        return LabelRequirement(key: key, operator: op, values: [value])
    }
}
