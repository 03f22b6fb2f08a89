/// Emits the Swift file of one message spec: the message struct and, in an extension, its nested structs.
struct MessageFileEmitter {
    let message: MessageModel

    var fileName: String { "\(message.name).swift" }

    func emit() -> String {
        var w = CodeWriter()
        w.appendRaw(generatedHeader(source: "messages/\(message.fileName)"))
        w.line("import NIOCore")
        w.line()
        StructEmitter(message: message, model: message.root, isRoot: true)
            .emit(into: &w, docComment: rootDocComment())
        guard !message.nested.isEmpty else { return w.text }
        w.line()
        w.block("extension \(message.name)") { w in
            for (index, nested) in message.nested.enumerated() {
                if index > 0 { w.line() }
                StructEmitter(message: message, model: nested, isRoot: false)
                    .emit(into: &w, docComment: ["/// The nested struct `\(nested.name)` of \(message.name), versions \(nested.versions)."])
            }
        }
        return w.text
    }

    private func rootDocComment() -> [String] {
        var what: String
        switch message.kind {
        case .request, .response:
            what = "The \(message.apiName) \(message.kind.rawValue) (API key \(message.apiKey ?? -1))"
        case .header:
            what = "The \(message.kind.rawValue) `\(message.name)`"
        case .data:
            what = "The data record `\(message.name)`"
        }
        what += ", versions \(message.validVersions)"
        what += message.flexibleVersions.isEmpty ? ", never flexible." : ", flexible from version \(message.flexibleVersions.lowest)."
        var lines = ["/// \(what)"]
        if message.latestVersionUnstable {
            lines.append("///")
            lines.append("/// The latest version is marked unstable upstream: brokers only accept it when configured to.")
        }
        return lines
    }
}
