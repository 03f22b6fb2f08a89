import KubernetesCore

/// One entry of `metadata.managedFields`: the fields one manager owns through one kind of operation.
public struct FieldOwnershipEntry: Hashable, Sendable {
    /// `Apply` (server-side apply) or `Update` (create, replace, and every other patch).
    public enum Operation: String, Hashable, Sendable {
        case apply = "Apply"
        case update = "Update"
    }

    public var manager: String
    public var operation: Operation
    public var apiVersion: String
    /// RFC 3339 time of the last change this manager made; nil when its operation changed nothing.
    public var time: String?
    /// `status`, `scale`, or nil for the main resource.
    public var subresource: String?
    public var fields: FieldSet

    public init(manager: String, operation: Operation, apiVersion: String, time: String?, subresource: String?, fields: FieldSet) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.subresource = subresource
        self.fields = fields
    }

    /// Entries are one per manager, operation and subresource, and for updates also per apiVersion
    /// (the real server's manager identifier).
    struct Identity: Hashable, Comparable {
        var manager: String
        var operation: Operation
        var subresource: String?
        var apiVersion: String?

        static func < (lhs: Identity, rhs: Identity) -> Bool {
            (lhs.manager, lhs.operation.rawValue, lhs.subresource ?? "", lhs.apiVersion ?? "")
                < (rhs.manager, rhs.operation.rawValue, rhs.subresource ?? "", rhs.apiVersion ?? "")
        }

        /// How conflict messages name the manager: `"alpha"`, `"kcm" with subresource "status"`,
        /// `"record-kube" using v1`.
        var conflictName: String {
            var text = JSONValue.quoted(manager)
            if let subresource { text += " with subresource \(JSONValue.quoted(subresource))" }
            if operation == .update, let apiVersion { text += " using \(apiVersion)" }
            return text
        }
    }

    var identity: Identity {
        Identity(manager: manager, operation: operation, subresource: subresource, apiVersion: operation == .update ? apiVersion : nil)
    }

    /// The JSON form stored in `metadata.managedFields`.
    public var json: JSONValue {
        var out: [String: JSONValue] = [
            "manager": .string(manager),
            "operation": .string(operation.rawValue),
            "apiVersion": .string(apiVersion),
            "fieldsType": "FieldsV1",
            "fieldsV1": fields.fieldsV1,
        ]
        if let time { out["time"] = .string(time) }
        if let subresource { out["subresource"] = .string(subresource) }
        return .object(out)
    }

    /// Decodes one stored entry.
    public init(json: JSONValue) throws(PatchError) {
        func fail(_ why: String) -> PatchError {
            PatchError(code: 400, reason: "BadRequest", message: "invalid managedFields entry: \(why)")
        }
        guard case .object(let members) = json else { throw fail("not an object") }
        guard let operationText = members["operation"]?.stringValue, let operation = Operation(rawValue: operationText) else {
            throw fail("operation must be Apply or Update")
        }
        if let type = members["fieldsType"]?.stringValue, type != "FieldsV1" {
            throw fail("fieldsType \(type) is not supported; use FieldsV1")
        }
        self.init(
            manager: members["manager"]?.stringValue ?? "",
            operation: operation,
            apiVersion: members["apiVersion"]?.stringValue ?? "",
            time: members["time"]?.stringValue,
            subresource: members["subresource"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 },
            fields: try FieldSet(fieldsV1: members["fieldsV1"] ?? .object([:])))
    }

    /// Decodes `metadata.managedFields` of an object (an absent list is empty).
    public static func entries(of object: JSONValue?) throws(PatchError) -> [FieldOwnershipEntry] {
        guard let list = object?[path: ["metadata", "managedFields"]], !list.isNull else { return [] }
        guard case .array(let items) = list else {
            throw PatchError(code: 400, reason: "BadRequest", message: "metadata.managedFields must be a list")
        }
        var out: [FieldOwnershipEntry] = []
        for item in items { out.append(try FieldOwnershipEntry(json: item)) }
        return out
    }

    /// The real server's order: Apply before Update, then by time in seconds (none first), manager,
    /// apiVersion and subresource.
    public static func sorted(_ entries: [FieldOwnershipEntry]) -> [FieldOwnershipEntry] {
        entries.sorted { lhs, rhs in
            if lhs.operation != rhs.operation { return lhs.operation.rawValue < rhs.operation.rawValue }
            let (leftTime, rightTime) = (lhs.time.flatMap(RFC3339Seconds.epochSeconds) ?? 0, rhs.time.flatMap(RFC3339Seconds.epochSeconds) ?? 0)
            if leftTime != rightTime { return leftTime < rightTime }
            if lhs.manager != rhs.manager { return lhs.manager < rhs.manager }
            if lhs.apiVersion != rhs.apiVersion { return lhs.apiVersion < rhs.apiVersion }
            return (lhs.subresource ?? "") < (rhs.subresource ?? "")
        }
    }
}

/// Seconds since the epoch of an RFC 3339 timestamp, for ordering managedFields entries.
enum RFC3339Seconds {
    static func epochSeconds(_ text: String) -> Int64? {
        // yyyy-MM-ddTHH:mm:ss[.fff](Z|±hh:mm)
        let characters = Array(text.utf8)
        guard characters.count >= 20 else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                let digit = Int64(characters[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var offset: Int64 = 0
        if let zoneStart = characters[19...].firstIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }),
            characters.count >= zoneStart + 6, let hours = number(zoneStart + 1..<zoneStart + 3),
            let minutes = number(zoneStart + 4..<zoneStart + 6)
        {
            offset = (hours * 3600 + minutes * 60) * (characters[zoneStart] == UInt8(ascii: "+") ? 1 : -1)
        }
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146097 + dayOfEra - 719468
        return days * 86400 + hour * 3600 + minute * 60 + second - offset
    }
}
