/// Object name validation as apimachinery does it (DNS subdomain, DNS labels), with its messages.
enum ObjectNameRules {
    static let subdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
    static let dns1035Message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"

    /// Why a name is invalid for this resource, or nil when it is fine.
    static func problem(_ name: String, resource: ServedResource) -> String? {
        switch resource.storageKey {
        case "/namespaces":
            return isLabel(name) ? nil : (name.count > 63 ? "must be no more than 63 characters" : labelMessage)
        case "/services":
            return isDNS1035Label(name) ? nil : (name.count > 63 ? "must be no more than 63 characters" : dns1035Message)
        default:
            if name.count > 253 { return "must be no more than 253 characters" }
            return isSubdomain(name) ? nil : subdomainMessage
        }
    }

    static func isAlphanumeric(_ character: Character) -> Bool {
        character.isASCII && (character.isLowercase || character.isNumber)
    }

    static func isLabel(_ text: Substring) -> Bool {
        guard let first = text.first, let last = text.last, text.count <= 63 else { return false }
        return isAlphanumeric(first) && isAlphanumeric(last) && text.allSatisfy { isAlphanumeric($0) || $0 == "-" }
    }

    static func isLabel(_ text: String) -> Bool { isLabel(Substring(text)) }

    static func isDNS1035Label(_ text: String) -> Bool {
        guard let first = text.first, first.isASCII, first.isLetter, first.isLowercase else { return false }
        return isLabel(text)
    }

    static func isSubdomain(_ text: String) -> Bool {
        !text.isEmpty && text.split(separator: ".", omittingEmptySubsequences: false).allSatisfy(isLabel)
    }
}
