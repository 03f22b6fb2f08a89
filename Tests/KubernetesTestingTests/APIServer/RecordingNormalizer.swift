import Foundation
import KubernetesCore

/// Makes a recorded and a replayed body comparable: the fields the recordings README lists as varying
/// between runs (uids, resourceVersions, timestamps, continue tokens, generated names, cluster IPs) are
/// replaced by placeholders, and the OpenShift-only additions of the recorded server are removed.
enum RecordingNormalizer {
    static let looseKeys: Set<String> = [
        "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp", "time", "lastTransitionTime",
        "acquireTime", "renewTime", "eventTime", "firstTimestamp", "lastTimestamp", "continue", "buildDate",
        "clusterIP", "currentRevision", "updateRevision", "endpoints.kubernetes.io/last-change-trigger-time",
        "controller-revision-hash", "gitCommit", "gitVersion", "serverAddress",
    ]

    static func normalize(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(var members):
            // Lists and watch events: drop the OpenShift-only CA ConfigMap.
            if let items = members["items"]?.arrayValue {
                members["items"] = .array(items.filter { !isOpenShiftOnly($0) })
            }
            var result: [String: JSONValue] = [:]
            for (key, child) in members {
                let normalizedKey = key.hasPrefix("k:{\"uid\":") ? "k:{\"uid\":<loose>}" : key
                if looseKeys.contains(key), child != .null, child != "" {
                    result[normalizedKey] = "<loose>"
                } else if key == "clusterIPs", child.arrayValue?.contains("None") == false {
                    result[normalizedKey] = "<loose>"
                } else if key == "message", let text = child.stringValue {
                    result[normalizedKey] = .string(normalizeMessage(text))
                } else if key == "name", let text = child.stringValue, text.hasPrefix("kube-api-access-") {
                    result[normalizedKey] = "kube-api-access-<random>"
                } else if key == "serverRelativeURL", let text = child.stringValue {
                    result[normalizedKey] = .string(String(text.split(separator: "?").first ?? ""))
                } else if key == "sources", let sources = child.arrayValue {
                    result[normalizedKey] = .array(sources.filter { $0[path: ["configMap", "name"]] != "openshift-service-ca.crt" }.map(normalize))
                } else if key == "cells", let cells = child.arrayValue {
                    result[normalizedKey] = .array(cells.map { cell in
                        if let text = cell.stringValue, text.range(of: #"^\d+[smhd]$"#, options: .regularExpression) != nil { return "<age>" }
                        return normalize(cell)
                    })
                } else if key == "managedFields", let entries = child.arrayValue {
                    // The server orders entries by their time (seconds) first: with times compared loosely,
                    // so is the order (the recorded run often wrote several entries within one second, the
                    // replay may cross a second boundary between them).
                    result[normalizedKey] = .array(entries.map(normalize).sorted { Self.entryKey($0) < Self.entryKey($1) })
                } else if key == "ca.crt" {
                    result[normalizedKey] = "<cluster CA>"
                } else {
                    result[normalizedKey] = normalize(child)
                }
            }
            return .object(result)
        case .array(let items):
            return .array(items.map(normalize))
        default:
            return value
        }
    }

    /// A managedFields entry's identity without its time: operation, manager, apiVersion, subresource.
    static func entryKey(_ entry: JSONValue) -> String {
        ["operation", "manager", "apiVersion", "subresource"].map { entry[$0]?.stringValue ?? "" }.joined(separator: "\u{0}")
    }

    static func isOpenShiftOnly(_ object: JSONValue) -> Bool {
        object[path: ["metadata", "name"]] == "openshift-service-ca.crt"
    }

    /// Messages that embed resourceVersions or uids (too old / too large / preconditions).
    static func normalizeMessage(_ text: String) -> String {
        guard text.contains("resource version") || text.contains("precondition") else { return text }
        return text.replacingOccurrences(of: #"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"#, with: "<uid>", options: .regularExpression)
            .replacingOccurrences(of: #"\d+"#, with: "<n>", options: .regularExpression)
    }

    /// The first path at which two values differ, for reports.
    static func firstDifference(_ expected: JSONValue, _ actual: JSONValue, path: String = "") -> String? {
        switch (expected, actual) {
        case (.object(let left), .object(let right)):
            for key in Set(left.keys).union(right.keys).sorted() {
                guard let l = left[key] else { return "\(path).\(key): unexpected \(brief(right[key]))" }
                guard let r = right[key] else { return "\(path).\(key): missing (expected \(brief(l)))" }
                if let difference = firstDifference(l, r, path: "\(path).\(key)") { return difference }
            }
            return nil
        case (.array(let left), .array(let right)):
            if left.count != right.count { return "\(path): \(left.count) items expected, \(right.count) found" }
            for (index, pair) in zip(left, right).enumerated() {
                if let difference = firstDifference(pair.0, pair.1, path: "\(path)[\(index)]") { return difference }
            }
            return nil
        default:
            return expected == actual ? nil : "\(path): expected \(brief(expected)), found \(brief(actual))"
        }
    }

    static func brief(_ value: JSONValue?) -> String {
        guard let value else { return "nothing" }
        let text = String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)
        return text.count > 160 ? String(text.prefix(160)) + "..." : text
    }
}
