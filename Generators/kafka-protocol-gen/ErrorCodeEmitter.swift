/// Emits the known Kafka error codes from `errors.json`.
struct ErrorCodeEmitter {
    let errors: [ErrorSpec]

    static func validate(_ errors: [ErrorSpec]) throws {
        var codes: Set<Int16> = []
        var names: Set<String> = []
        for error in errors {
            guard codes.insert(error.code).inserted else { throw GeneratorError("errors.json: code \(error.code) appears twice") }
            guard names.insert(error.name).inserted else { throw GeneratorError("errors.json: name \(error.name) appears twice") }
            guard !error.name.isEmpty, error.name.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) else {
                throw GeneratorError("errors.json: name '\(error.name)' is not UPPER_SNAKE_CASE")
            }
        }
    }

    func emit() -> String {
        var w = CodeWriter()
        w.appendRaw(generatedHeader(source: "errors.json"))
        let sorted = errors.sorted { $0.code < $1.code }
        w.block("extension KafkaErrorCode") { w in
            for error in sorted {
                w.line("/// \(error.code) \(error.name)\(error.retriable ? " (retriable)" : ""): \(error.message ?? "no error").")
                w.line("public static let \(staticName(error.name)) = KafkaErrorCode(rawValue: \(error.code))")
            }
            w.line()
            w.line("/// Every code in the protocol's error table, in code order.")
            w.block("public static var allKnown: [KafkaErrorCode]") { w in
                w.line("var codes: [KafkaErrorCode] = []")
                w.line("codes.reserveCapacity(\(sorted.count))")
                w.line("for code in Int16(\(sorted.first?.code ?? 0))...Int16(\(sorted.last?.code ?? 0)) where Self.knownEntry(code) != nil { codes.append(KafkaErrorCode(rawValue: code)) }")
                w.line("return codes")
            }
            w.line()
            w.line("/// The error table entry of `code`, or nil for a code this package does not know.")
            w.block("static func knownEntry(_ code: Int16) -> Entry?") { w in
                w.line("switch code {")
                for error in sorted {
                    let message = error.message.map(swiftStringLiteral) ?? "nil"
                    w.line("case \(error.code): return Entry(name: \(swiftStringLiteral(error.name)), isRetriable: \(error.retriable), message: \(message))")
                }
                w.line("default: return nil")
                w.line("}")
            }
        }
        return w.text
    }

    private func staticName(_ upperSnake: String) -> String {
        let parts = upperSnake.lowercased().split(separator: "_")
        guard let first = parts.first else { return upperSnake }
        let name = String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return swiftKeywords.contains(name) ? "`\(name)`" : name
    }
}
