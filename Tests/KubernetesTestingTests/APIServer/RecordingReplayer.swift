import Foundation
import KubernetesClient
import KubernetesCore
import KubernetesTesting
import Yams

/// Replays one recorded scenario against a fresh in-memory server and compares every exchange.
///
/// Values the server generates (resourceVersions, uids, continue tokens) are learned from each replayed
/// response and substituted into later requests, so that e.g. a watch "from the list's resourceVersion"
/// starts from this server's list resourceVersion.
struct RecordingReplayer {
    static let adminToken = "replay-admin-token"

    struct Outcome: Sendable {
        var index: Int
        var note: String
        var matches: Bool
        var difference: String?
    }

    let recording: Recording
    let transport: AsyncHTTPClientTransport
    /// For the extra clients watches use.
    let configuration: ClientConfiguration

    /// Recorded value -> replayed value, for resourceVersions, uids and continue tokens.
    final class Substitutions: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String: String] = [:]
        private var maxRecordedRevision: Int64 = 0
        private var maxActualRevision: Int64 = 0

        func learn(recorded: JSONValue?, actual: JSONValue?) {
            guard let recorded, let actual else { return }
            lock.withLock { walk(recorded, actual) }
        }

        private func walk(_ recorded: JSONValue, _ actual: JSONValue) {
            switch (recorded, actual) {
            case (.object(let left), .object(let right)):
                for (key, value) in left {
                    guard let other = right[key] else { continue }
                    if ["resourceVersion", "uid", "continue"].contains(key), let from = value.stringValue, let to = other.stringValue, !from.isEmpty {
                        values[from] = to
                        if key == "resourceVersion", let r = Int64(from), let a = Int64(to) {
                            maxRecordedRevision = max(maxRecordedRevision, r)
                            maxActualRevision = max(maxActualRevision, a)
                        }
                    } else {
                        walk(value, other)
                    }
                }
            case (.array(let left), .array(let right)):
                for (l, r) in zip(left, right) { walk(l, r) }
            default: break
            }
        }

        func revision(_ text: String) -> String {
            lock.withLock {
                if let known = values[text] { return known }
                // A resourceVersion far in the future stays as far ahead of this server's current one.
                if let number = Int64(text), maxRecordedRevision > 0, number > maxRecordedRevision {
                    return String(maxActualRevision + (number - maxRecordedRevision))
                }
                return text
            }
        }

        func substitute(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(var members):
                for (key, child) in members {
                    if ["resourceVersion", "uid"].contains(key), let text = child.stringValue {
                        members[key] = .string(key == "resourceVersion" ? revision(text) : lock.withLock { values[text] ?? text })
                    } else {
                        members[key] = substitute(child)
                    }
                }
                return .object(members)
            case .array(let items): return .array(items.map(substitute))
            default: return value
            }
        }
    }

    func request(for exchange: Recording.Exchange, substitutions: Substitutions) -> APIRequest {
        var query: [QueryItem] = []
        for (name, value) in (exchange.request.query ?? [:]).sorted(by: { $0.key < $1.key }) {
            switch name {
            case "resourceVersion": query.append(QueryItem(name, substitutions.revision(value)))
            case "continue": query.append(QueryItem(name, substitutions.revision(value)))
            default: query.append(QueryItem(name, value))
            }
        }
        var headers = exchange.request.headers ?? [:]
        if exchange.request.auth == nil, headers["Authorization"] == nil { headers["Authorization"] = "Bearer \(Self.adminToken)" }
        var body: [UInt8]?
        switch exchange.request.body {
        case .none: body = nil
        case .string(let text)?: body = Array(text.utf8)
        case let value?: body = (try? JSONEncoder().encode(substitutions.substitute(value))).map(Array.init)
        }
        return APIRequest(method: APIRequest.Method(rawValue: exchange.request.method) ?? .get, path: exchange.request.path,
                          query: query, headers: headers, body: body, isWatch: exchange.isWatch)
    }

    struct Observed: Sendable {
        var status: Int
        var contentType: String
        var warnings: [String]
        var body: JSONValue?
    }

    func send(_ request: APIRequest) async throws -> Observed {
        let response = try await transport.send(request, timeout: .seconds(30))
        return Observed(status: response.status, contentType: response.headers["content-type"] ?? "",
                        warnings: Self.splitWarnings(response.headers["warning"]), body: Self.parseBody(response.body))
    }

    static func splitWarnings(_ header: String?) -> [String] {
        guard let header else { return [] }
        // Warning values start with `299 -`; the transport joined repeated headers with ", ".
        return header.components(separatedBy: ", 299 ").enumerated().map { $0.offset == 0 ? $0.element : "299 " + $0.element }
    }

    static func parseBody(_ bytes: [UInt8]) -> JSONValue? {
        if bytes.isEmpty { return nil }
        if let value = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) { return value }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    func streamWatch(_ request: APIRequest) async throws -> (status: Int, lines: [JSONValue]) {
        let response = try await transport.stream(request)
        var buffer: [UInt8] = []
        for try await chunk in response.body { buffer += chunk }
        let lines = buffer.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0)) }
        return (response.status, lines)
    }

    /// Replays every exchange in order; watches run in the background while later exchanges proceed.
    func replay() async throws -> [Outcome] {
        let substitutions = Substitutions()
        var outcomes: [Int: Outcome] = [:]
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            for (index, exchange) in recording.exchanges.enumerated() {
                let request = request(for: exchange, substitutions: substitutions)
                if exchange.isWatch {
                    // The recorder ran one watch at a time: a new watch starts after the previous one ended.
                    for try await outcome in group { outcomes[outcome.index] = outcome }
                    // Each watch gets its own client: several stay open at once, beyond one pool's limit.
                    let watchTransport = try AsyncHTTPClientTransport(configuration: configuration)
                    let started = try await watchTransport.stream(request)
                    let note = exchange.note ?? ""
                    group.addTask {
                        defer { Task { try? await watchTransport.shutdown() } }
                        var buffer: [UInt8] = []
                        for try await chunk in started.body { buffer += chunk }
                        let lines = buffer.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0)) }
                        let observed = Observed(status: started.status, contentType: started.headers["content-type"] ?? "", warnings: [], body: .array(lines))
                        return Self.compare(exchange, observed, index: index, note: note)
                    }
                    continue
                }
                var observed = try await send(request)
                if exchange.polls != nil {
                    // Recorded polls wait for controller work: poll the same way (bounded) until the
                    // recorded final answer shows up.
                    var attempts = 0
                    while attempts < 300, !Self.compare(exchange, observed, index: index, note: "").matches {
                        try await Task.sleep(for: .milliseconds(10))
                        observed = try await send(request)
                        attempts += 1
                    }
                }
                substitutions.learn(recorded: exchange.response.body, actual: observed.body)
                outcomes[index] = Self.compare(exchange, observed, index: index, note: exchange.note ?? "")
            }
            for try await outcome in group { outcomes[outcome.index] = outcome }
        }
        return outcomes.keys.sorted().compactMap { outcomes[$0] }
    }

    static func compare(_ exchange: Recording.Exchange, _ observed: Observed, index: Int, note: String) -> Outcome {
        func outcome(_ difference: String?) -> Outcome {
            Outcome(index: index, note: note, matches: difference == nil, difference: difference)
        }
        if observed.status != exchange.response.status {
            return outcome("status \(observed.status), recorded \(exchange.response.status): \(RecordingNormalizer.brief(observed.body))")
        }
        let recordedType = exchange.response.headers?["Content-Type"]?.stringValue ?? ""
        if !exchange.isWatch, recordedType != observed.contentType {
            return outcome("Content-Type \(observed.contentType), recorded \(recordedType)")
        }
        let recordedWarnings = exchange.response.headers?["Warning"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if recordedWarnings != observed.warnings { return outcome("Warning headers \(observed.warnings), recorded \(recordedWarnings)") }
        var expected = exchange.response.body ?? .null
        var actual = observed.body ?? .null
        if exchange.isWatch {
            expected = .array(watchEvents(expected))
            actual = .array(watchEvents(actual))
        }
        // The recorded server's OpenShift-only ConfigMap is counted in remainingItemCount when it lies
        // beyond the page (names sort after the page's last item and no selector excludes it).
        if exchange.request.path.hasSuffix("/configmaps"), exchange.request.query?["labelSelector"] == nil,
           exchange.request.query?["fieldSelector"] == nil, let remaining = expected[path: ["metadata", "remainingItemCount"]]?.int64Value,
           let last = expected["items"]?.arrayValue?.last?[path: ["metadata", "name"]]?.stringValue, last < "openshift-service-ca.crt" {
            expected.setMetadata("remainingItemCount", .integer(remaining - 1))
        }
        // YAML bodies are compared as data (their text embeds uids and timestamps).
        if recordedType.hasPrefix("application/yaml"), let recordedText = expected.stringValue, let actualText = actual.stringValue {
            expected = Self.yamlValue(recordedText)
            actual = Self.yamlValue(actualText)
        }
        if exchange.request.path == "/version" {
            // Build details differ by design; the shape (every field present) is the contract.
            expected = .array((expected.objectValue ?? [:]).keys.sorted().map(JSONValue.string))
            actual = .array((actual.objectValue ?? [:]).keys.sorted().map(JSONValue.string))
        }
        return outcome(RecordingNormalizer.firstDifference(RecordingNormalizer.normalize(expected), RecordingNormalizer.normalize(actual)))
    }

    static func yamlValue(_ text: String) -> JSONValue {
        guard let loaded = try? Yams.load(yaml: text) else { return .string(text) }
        return jsonValue(loaded)
    }

    static func jsonValue(_ value: Any) -> JSONValue {
        switch value {
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .integer(Int64(number))
        case let number as Double: return .double(number)
        case let text as String: return .string(text)
        case let items as [Any]: return .array(items.map(jsonValue))
        case let members as [String: Any]: return .object(members.mapValues(jsonValue))
        case let members as [AnyHashable: Any]: return .object(Dictionary(members.map { ("\($0.key.base)", jsonValue($0.value)) }, uniquingKeysWith: { _, last in last }))
        default: return .null
        }
    }

    /// Watch lines without periodic bookmarks (their number varies) and without OpenShift-only objects.
    static func watchEvents(_ body: JSONValue) -> [JSONValue] {
        (body.arrayValue ?? []).compactMap { line -> JSONValue? in
            let event = line.stringValue.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) } ?? line
            if event["type"] == "BOOKMARK", event[path: ["object", "metadata", "annotations", "k8s.io/initial-events-end"]] == nil { return nil }
            if let object = event["object"], RecordingNormalizer.isOpenShiftOnly(object) { return nil }
            return event
        }
    }
}

extension JSONValue {
    mutating func setMetadata(_ key: String, _ value: JSONValue) {
        guard case .object(var members) = self, case .object(var metadata)? = members["metadata"] else { return }
        metadata[key] = value
        members["metadata"] = .object(metadata)
        self = .object(members)
    }
}
