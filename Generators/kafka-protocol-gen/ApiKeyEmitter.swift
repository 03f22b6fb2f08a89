/// Emits `ApiKey`: every request/response pair with its name, versions and the Swift types that code it.
struct ApiKeyEmitter {
    struct Pair {
        var request: MessageModel
        var response: MessageModel
        var key: Int16 { request.apiKey ?? -1 }
        var caseName: String { apiKeyCaseName(request.apiName) }
    }

    let pairs: [Pair]

    static func pairs(from messages: [MessageModel]) throws -> [Pair] {
        var requests: [Int16: MessageModel] = [:]
        var responses: [Int16: MessageModel] = [:]
        for message in messages {
            guard let key = message.apiKey else { continue }
            switch message.kind {
            case .request:
                if requests[key] != nil { throw GeneratorError("\(message.fileName): API key \(key) is used by two requests") }
                requests[key] = message
            case .response:
                if responses[key] != nil { throw GeneratorError("\(message.fileName): API key \(key) is used by two responses") }
                responses[key] = message
            case .header, .data:
                continue
            }
        }
        var pairs: [Pair] = []
        for key in requests.keys.sorted() {
            guard let request = requests[key], let response = responses[key] else {
                throw GeneratorError("API key \(key) has a request but no response spec")
            }
            guard request.apiName == response.apiName else {
                throw GeneratorError("API key \(key): \(request.fileName) and \(response.fileName) do not name the same API")
            }
            guard request.validVersions == response.validVersions,
                request.flexibleVersions == response.flexibleVersions
            else {
                throw GeneratorError(
                    "API key \(key): \(request.fileName) and \(response.fileName) disagree on validVersions or flexibleVersions")
            }
            pairs.append(Pair(request: request, response: response))
        }
        if let orphan = responses.keys.sorted().first(where: { requests[$0] == nil }) {
            throw GeneratorError("API key \(orphan) has a response but no request spec")
        }
        return pairs
    }

    func emit() -> String {
        var w = CodeWriter()
        w.appendRaw(generatedHeader(source: "messages/*Request.json and *Response.json"))
        w.line("/// Every Kafka API this package can encode and decode, keyed by its wire API key.")
        w.block("public enum ApiKey: Int16, CaseIterable, Hashable, Sendable") { w in
            for pair in pairs {
                w.line("/// \(pair.request.apiName): versions \(pair.request.validVersions).")
                w.line("case \(pair.caseName) = \(pair.key)")
            }
        }
        w.line()
        w.block("extension ApiKey") { w in
            switchProperty(&w, doc: "The API's name as Kafka spells it (\"Metadata\").", signature: "public var name: String") {
                swiftStringLiteral($0.request.apiName)
            }
            w.line()
            switchProperty(&w, doc: "The versions this package can encode and decode.", signature: "public var validVersions: ClosedRange<Int16>") {
                "\($0.request.validVersions.lowest)...\($0.request.validVersions.highest)"
            }
            w.line()
            switchProperty(&w, doc: "The first version using flexible encodings (compact types, tagged fields), or nil if none does.", signature: "public var lowestFlexibleVersion: Int16?") {
                $0.request.flexibleVersions.isEmpty ? "nil" : "\($0.request.flexibleVersions.lowest)"
            }
            w.line()
            switchProperty(&w, doc: "Whether the spec marks the highest version as unstable (not enabled on brokers by default).", signature: "public var latestVersionUnstable: Bool") {
                $0.request.latestVersionUnstable ? "true" : "false"
            }
            w.line()
            switchProperty(&w, doc: "The request type of this API.", signature: "public var requestType: any KafkaRequest.Type") {
                "\($0.request.name).self"
            }
            w.line()
            switchProperty(&w, doc: "The response type of this API.", signature: "public var responseType: any KafkaResponse.Type") {
                "\($0.response.name).self"
            }
        }
        return w.text
    }

    private func switchProperty(
        _ w: inout CodeWriter, doc: String, signature: String, value: (Pair) -> String
    ) {
        w.line("/// \(doc)")
        w.block(signature) { w in
            w.line("switch self {")
            for pair in pairs { w.line("case .\(pair.caseName): return \(value(pair))") }
            w.line("}")
        }
    }
}

func apiKeyCaseName(_ apiName: String) -> String {
    propertyName(apiName)
}
