import Foundation
import KubernetesCore

/// Parsing JSON text into `JSONValue` (for `k:`/`v:` keys of `fieldsV1` and for test fixtures).
enum JSONText {
    static func parse(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
