/// The syntax errors of apimachinery's label selector parser (`labels.Parse`), word for word, so that a
/// client sees the real server's 400 message (`unable to parse requirement: found 'a' expected: '('`).
///
/// Only the grammar is checked here; key and value validation and the selector's meaning come from
/// KubernetesCore's `LabelQuery`, which parses the same language.
enum LabelSelectorSyntax {
    enum Token: Equatable {
        case end, identifier, openParenthesis, closedParenthesis, comma, doesNotExist
        case equals, doubleEquals, notEquals, greaterThan, lessThan, inKeyword, notInKeyword, error
    }

    struct Item {
        var token: Token
        var literal: String
    }

    /// Go's message for a selector the parser rejects; nil when the syntax is valid.
    static func error(in selector: String) -> String? {
        var parser = Parser(items: lex(selector))
        return parser.parse()
    }

    private static let symbols: [String: Token] = [
        ")": .closedParenthesis, ",": .comma, "!": .doesNotExist, "==": .doubleEquals, "=": .equals,
        ">": .greaterThan, "<": .lessThan, "!=": .notEquals, "(": .openParenthesis,
    ]

    private static func isSpecial(_ c: Character) -> Bool { "=!(),><".contains(c) }
    private static func isWhitespace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\n" }

    static func lex(_ text: String) -> [Item] {
        let characters = Array(text)
        var index = 0
        var items: [Item] = []
        while true {
            while index < characters.count, isWhitespace(characters[index]) { index += 1 }
            guard index < characters.count else { items.append(Item(token: .end, literal: "")); return items }
            if isSpecial(characters[index]) {
                // The longest run of special characters that is still a symbol.
                var buffer = ""
                var last: Item?
                while index < characters.count, isSpecial(characters[index]) {
                    buffer.append(characters[index])
                    if let token = symbols[buffer] {
                        last = Item(token: token, literal: buffer)
                        index += 1
                    } else if last != nil {
                        break
                    } else {
                        index += 1
                    }
                }
                items.append(last ?? Item(token: .error, literal: "error expected: keyword found '\(buffer)'"))
            } else {
                var word = ""
                while index < characters.count, !isWhitespace(characters[index]), !isSpecial(characters[index]) {
                    word.append(characters[index])
                    index += 1
                }
                let token: Token = word == "in" ? .inKeyword : word == "notin" ? .notInKeyword : .identifier
                items.append(Item(token: token, literal: word))
            }
        }
    }

    struct Parser {
        var items: [Item]
        var position = 0

        /// In the values context the keywords `in` and `notin` are plain identifiers.
        func lookahead(values: Bool = true) -> Item {
            var item = items[min(position, items.count - 1)]
            if values, item.token == .inKeyword || item.token == .notInKeyword { item.token = .identifier }
            return item
        }

        mutating func consume(values: Bool = true) -> Item {
            let item = lookahead(values: values)
            if position < items.count - 1 { position += 1 }
            return item
        }

        mutating func parse() -> String? {
            while true {
                let next = lookahead()
                switch next.token {
                case .identifier, .doesNotExist:
                    if let problem = parseRequirement() { return "unable to parse requirement: \(problem)" }
                    let after = consume()
                    switch after.token {
                    case .end: return nil
                    case .comma:
                        let following = lookahead()
                        if following.token != .identifier, following.token != .doesNotExist {
                            return "found '\(following.literal)', expected: identifier after ','"
                        }
                    default:
                        return "found '\(after.literal)', expected: ',' or 'end of string'"
                    }
                case .end:
                    return nil
                default:
                    return "found '\(next.literal)', expected: !, identifier, or 'end of string'"
                }
            }
        }

        mutating func parseRequirement() -> String? {
            var item = consume()
            var doesNotExist = false
            if item.token == .doesNotExist {
                doesNotExist = true
                item = consume()
            }
            guard item.token == .identifier else { return "found '\(item.literal)', expected: identifier" }
            let following = lookahead().token
            if doesNotExist || following == .end || following == .comma { return nil }
            let operatorItem = consume(values: false)
            switch operatorItem.token {
            case .inKeyword, .notInKeyword: return parseValues()
            case .equals, .doubleEquals, .notEquals, .greaterThan, .lessThan: return parseExactValue()
            default: return "found '\(operatorItem.literal)', expected: in, notin, =, ==, !=, gt, lt"
            }
        }

        mutating func parseValues() -> String? {
            let open = consume()
            guard open.token == .openParenthesis else { return "found '\(open.literal)' expected: '('" }
            let next = lookahead()
            switch next.token {
            case .identifier, .comma:
                if let problem = parseIdentifiers() { return problem }
                if consume().token != .closedParenthesis { return "found '\(next.literal)', expected: ')'" }
                return nil
            case .closedParenthesis:
                _ = consume()
                return nil
            default:
                return "found '\(next.literal)', expected: ',', ')' or identifier"
            }
        }

        mutating func parseIdentifiers() -> String? {
            while true {
                let item = consume()
                switch item.token {
                case .identifier:
                    let next = lookahead()
                    switch next.token {
                    case .comma: continue
                    case .closedParenthesis: return nil
                    default: return "found '\(next.literal)', expected: ',' or ')'"
                    }
                case .comma:
                    let next = lookahead().token
                    if next == .closedParenthesis { return nil }
                    if next == .comma { _ = consume() }
                default:
                    return "found '\(item.literal)', expected: ',', or identifier"
                }
            }
        }

        mutating func parseExactValue() -> String? {
            let next = lookahead().token
            if next == .end || next == .comma { return nil }
            let item = consume()
            return item.token == .identifier ? nil : "found '\(item.literal)', expected: identifier"
        }
    }
}
