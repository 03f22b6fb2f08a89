import Foundation

/// Reads spec files from disk, in a fixed (sorted) order so output never depends on directory order.
enum SpecLoader {
    static func loadMessages(from directory: URL) throws -> [MessageModel] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasSuffix(".json") }
                .sorted()
        } catch {
            throw GeneratorError("cannot list \(directory.path): \(error.localizedDescription)")
        }
        guard !names.isEmpty else { throw GeneratorError("\(directory.path) holds no *.json message specs") }
        var messages: [MessageModel] = []
        var seenNames: Set<String> = []
        for name in names {
            let url = directory.appendingPathComponent(name)
            let text = try String(contentsOf: url, encoding: .utf8)
            let spec: MessageSpec
            do {
                spec = try JSONDecoder().decode(MessageSpec.self, from: Data(stripCommentLines(text).utf8))
            } catch let error as UnknownAttributeError {
                throw GeneratorError("\(name): \(error)")
            } catch {
                throw GeneratorError("\(name): cannot parse: \(error)")
            }
            guard spec.name + ".json" == name else {
                throw GeneratorError("\(name): declares message \(spec.name); the file name must match")
            }
            guard seenNames.insert(spec.name).inserted else { throw GeneratorError("\(name): duplicate message name") }
            messages.append(try Resolver.resolve(fileName: name, spec: spec))
        }
        return messages
    }

    static func loadErrors(from url: URL) throws -> [ErrorSpec] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw GeneratorError("cannot read \(url.path): \(error.localizedDescription)")
        }
        let errors: [ErrorSpec]
        do {
            errors = try JSONDecoder().decode(ErrorsFile.self, from: data).errors
        } catch {
            throw GeneratorError("errors.json: cannot parse: \(error)")
        }
        try ErrorCodeEmitter.validate(errors)
        return errors
    }
}

/// Writes a generated directory: every file given, and removes stale `.swift` files it no longer produces.
enum OutputDirectory {
    static func replace(_ directory: URL, with files: [String: String]) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        for existing in try manager.contentsOfDirectory(atPath: directory.path)
        where existing.hasSuffix(".swift") && files[existing] == nil {
            try manager.removeItem(at: directory.appendingPathComponent(existing))
        }
        for (name, contents) in files.sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent(name)
            if let current = try? String(contentsOf: url, encoding: .utf8), current == contents { continue }
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
    }
}
