/// Emits the Swift file of one message spec: the message struct, its nested structs in an extension, and
/// the extensions holding their initializers.
struct MessageFileEmitter {
    let message: MessageModel

    var fileName: String { "\(message.name).swift" }

    func emit() -> String {
        var w = CodeWriter()
        w.appendRaw(generatedHeader(source: "messages/\(message.fileName)"))
        w.line("import NIOCore")
        w.line()
        let root = StructEmitter(message: message, model: message.root, isRoot: true)
        let nested = message.nested.map { StructEmitter(message: message, model: $0, isRoot: false) }
        root.emit(into: &w, docComment: rootDocComment())
        if !nested.isEmpty {
            w.line()
            w.block("extension \(message.name)") { w in
                for (index, emitter) in nested.enumerated() {
                    if index > 0 { w.line() }
                    emitter.emit(
                        into: &w,
                        docComment: ["/// The nested struct `\(emitter.model.name)` of \(message.name), versions \(emitter.model.versions)."])
                }
            }
        }
        for emitter in [root] + nested { emitter.emitInitializerExtension(into: &w) }
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
