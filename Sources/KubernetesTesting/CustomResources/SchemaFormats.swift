import Foundation

/// The string formats the API server checks for custom resources (kube-openapi's format registry). Formats it
/// does not know (and `int32`, `int64`, `float`, `double` on strings) are not checked, like upstream.
enum SchemaFormats {
    /// nil when `text` is valid for `format` (or the format is not checked), otherwise a short reason.
    static func check(_ text: String, format: String) -> String? {
        switch format {
        case "date-time", "datetime": return isDateTime(text) ? nil : "not an RFC 3339 date-time"
        case "date": return matches(text, #"^\d{4}-\d{2}-\d{2}$"#) && isDate(text) ? nil : "not a date"
        case "byte": return Data(base64Encoded: text) != nil ? nil : "not base64"
        case "uuid": return matches(text, #"^(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$"#) ? nil : "not a UUID"
        case "uuid3", "uuid4", "uuid5":
            let digit = format.last.map(String.init) ?? "4"
            let variant = format == "uuid3" ? "" : "[89ab]"
            let pattern = "^(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?\(digit)[0-9a-f]{3}-?\(variant.isEmpty ? "[0-9a-f]" : variant)[0-9a-f]{3}-?[0-9a-f]{12}$"
            return matches(text, pattern) ? nil : "not a \(format)"
        case "ipv4": return isIPv4(text) ? nil : "not an IPv4 address"
        case "ipv6": return isIPv6(text) ? nil : "not an IPv6 address"
        case "cidr":
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let bits = Int(parts[1]) else { return "not a CIDR" }
            if isIPv4(String(parts[0])) { return (0...32).contains(bits) ? nil : "not a CIDR" }
            if isIPv6(String(parts[0])) { return (0...128).contains(bits) ? nil : "not a CIDR" }
            return "not a CIDR"
        case "mac": return matches(text, #"^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$"#) ? nil : "not a MAC address"
        case "hostname":
            return matches(text, #"^[a-zA-Z0-9]([a-zA-Z0-9-]{0,62}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,62}[a-zA-Z0-9])?)*\.?$"#)
                && text.utf8.count <= 255 ? nil : "not a hostname"
        case "email": return matches(text, #"^[^@\s]+@[^@\s]+$"#) ? nil : "not an email address"
        case "hexcolor": return matches(text, #"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$"#) ? nil : "not a hex color"
        case "rgbcolor": return matches(text, #"^rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)$"#) ? nil : "not an rgb color"
        case "duration": return isDuration(text) ? nil : "not a duration"
        case "uri": return URL(string: text)?.scheme != nil ? nil : "not a URI"
        default: return nil
        }
    }

    private static func matches(_ text: String, _ pattern: String) -> Bool {
        guard let regex = try? Regex(pattern) else { return false }
        return (try? regex.wholeMatch(in: text)) != nil
    }

    private static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return false }
        return (1...12).contains(parts[1]) && (1...31).contains(parts[2])
    }

    /// RFC 3339 (the forms strfmt accepts: `T` or space separator, optional fraction, `Z` or offset).
    private static func isDateTime(_ text: String) -> Bool {
        let pattern = #"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"#
        guard matches(text, pattern) else { return false }
        return isDate(String(text.prefix(10)))
    }

    private static func isDuration(_ text: String) -> Bool {
        // Go durations ("1h30m", "500ms") and the `3 days` style strfmt also accepts.
        matches(text, #"^[-+]?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$"#)
            || matches(text, #"^\d+\s*(ns|us|ms|s|m|h|d|w|nanoseconds?|microseconds?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?)$"#)
            || text == "0"
    }

    static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), let number = Int(part) else { return false }
            return number <= 255 && (part.count == 1 || part.first != "0")
        }
    }

    static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":") else { return false }
        var address = in6_addr()
        return inet_pton(AF_INET6, text, &address) == 1
    }
}
