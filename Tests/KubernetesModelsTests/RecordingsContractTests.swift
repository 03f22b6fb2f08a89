import Foundation
import KubernetesCore
import KubernetesModels
import Testing

/// The models' side of the recordings contract: every body of a modelled kind that a real kube-apiserver
/// 1.36 sent (or was sent) decodes into its Swift type and re-encodes with every field unchanged.
@Suite("Recordings contract (models)")
struct RecordingsContractTests {
    // Reads ../shared/kubernetes/recordings; skipped (and reported as skipped) on machines without it.
    @Test(
        "every recorded body of a modelled kind round-trips without loss",
        .enabled(if: TestPaths.recordingsAvailable, "SKIPPED: ../shared/kubernetes/recordings is absent")
    )
    func recordedBodiesRoundTrip() throws {
        var checker = BodyChecker()
        for (name, recording) in try TestPaths.recordingFiles() {
            for (index, exchange) in recording.exchanges.enumerated() {
                let source = "\(name) exchange \(index)"
                checkResponse(exchange.response, source: source, into: &checker)
                checkRequest(exchange, source: source, into: &checker)
            }
        }
        print(checker.report())
        for failure in checker.failures {
            Issue.record("\(failure)")
        }
        // The recordings hold hundreds of modelled bodies; a handful means the lookup or the files broke.
        #expect(checker.checkedCount > 200, "only \(checker.checkedCount) bodies were checked")
        for kind in ["v1 Pod", "v1 PodList", "v1 Status", "apps/v1 Deployment", "apiextensions.k8s.io/v1 CustomResourceDefinition",
                     "events.k8s.io/v1 Event", "v1 Event", "coordination.k8s.io/v1 Lease", "autoscaling/v1 Scale"] {
            #expect(checker.checkedByKind[kind, default: 0] > 0, "no \(kind) body was checked")
        }
    }

    private func checkResponse(_ response: RecordingFile.Response, source: String, into checker: inout BodyChecker) {
        switch response.body {
        case .object?:
            if let body = response.body {
                checker.check(body, source: source + " response")
            }
        case .array(let lines)?:
            // A watch: one event object per line.
            for (line, event) in lines.enumerated() {
                if let object = event["object"] {
                    checker.check(object, source: source + " watch line \(line) .object")
                }
            }
        default:
            break
        }
    }

    /// Request bodies that are whole objects: creates, replaces, server-side applies and delete options.
    /// Merge, strategic and JSON patches are partial by nature and are not model objects.
    private func checkRequest(_ exchange: RecordingFile.Exchange, source: String, into checker: inout BodyChecker) {
        guard let body = exchange.request.body, case .object = body else { return }
        let contentType = exchange.request.headers?["Content-Type"]?.stringValue ?? ""
        guard contentType.hasPrefix("application/json") || contentType.hasPrefix("application/apply-patch") else { return }
        let rejection = exchange.response.status < 400
            ? nil : exchange.response.body?["message"]?.stringValue ?? "HTTP \(exchange.response.status)"
        var allowedLoss = Self.unknownFields(reportedIn: exchange.response)
        if exchange.request.query?["fieldValidation"]?.stringValue == "Ignore", exchange.response.status < 400,
            let stored = exchange.response.body
        {
            allowedLoss.formUnion(JSONTreeDiff.droppedPaths(request: body, response: stored))
        }
        checker.check(body, source: source + " request", rejection: rejection, allowedLoss: allowedLoss)
    }

    /// `unknown field "metadata.bogus"` in Warning headers or in the error message, and `.spec: field not
    /// declared in schema` from server-side apply: fields the server dropped or refused, which the models
    /// drop too.
    static func unknownFields(reportedIn response: RecordingFile.Response) -> Set<String> {
        var texts: [String] = response.headers?["Warning"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let message = response.body?["message"]?.stringValue { texts.append(message) }
        var paths: Set<String> = []
        for text in texts {
            var rest = Substring(text.replacingOccurrences(of: "\\\"", with: "\""))
            while let start = rest.range(of: "unknown field \"") {
                rest = rest[start.upperBound...]
                guard let end = rest.firstIndex(of: "\"") else { break }
                paths.insert("." + rest[..<end])
                rest = rest[end...]
            }
        }
        for text in texts {
            let marker = ": field not declared in schema"
            var rest = Substring(text)
            while let end = rest.range(of: marker) {
                let prefix = rest[..<end.lowerBound]
                if let start = prefix.lastIndex(where: { $0 == " " || $0 == "(" || $0 == ":" }) {
                    let path = prefix[prefix.index(after: start)...]
                    if path.hasPrefix(".") { paths.insert(String(path)) }
                }
                rest = rest[end.upperBound...]
            }
        }
        return paths
    }
}
