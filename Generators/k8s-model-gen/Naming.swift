/// Swift spelling of OpenAPI names and descriptions.
enum Naming {
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default",
        "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch",
        "where", "while", "as", "Any", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try",
    ]

    static func upperFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// `$ref` -> `ref`, `x-kubernetes-list-type` -> `xKubernetesListType`, `default` -> `` `default` ``.
    static func propertyName(_ jsonName: String) -> String {
        var result = ""
        var upperNext = false
        for character in jsonName {
            if character == "$" { continue }
            if character == "-" || character == "_" || character == "." {
                upperNext = !result.isEmpty
                continue
            }
            result += upperNext ? character.uppercased() : String(character)
            upperNext = false
        }
        return result
    }

    static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// The first sentence of a description, on one line, for a `///` comment.
    static func firstSentence(_ description: String?) -> String? {
        guard let description else { return nil }
        let flat = description.split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        guard !flat.isEmpty else { return nil }
        let characters = Array(flat)
        for index in characters.indices where characters[index] == "." {
            let next = index + 1
            if next == characters.count { return String(characters[...index]) }
            let before = String(characters[..<index].suffix(3))
            if characters[next] == " ", !["e.g", "i.e", "etc", "vs"].contains(where: before.hasSuffix) {
                return String(characters[...index])
            }
        }
        return flat
    }
}

import Foundation
