import Foundation

/// Writes the generated files, replacing the previous generation: every `.swift` file under the output
/// directory is the generator's, so files of types that disappeared are removed too.
struct GeneratedFileWriter {
    let directory: URL

    func write(_ files: [String: String]) throws {
        let manager = FileManager.default
        if let existing = manager.enumerator(atPath: directory.path) {
            for case let relative as String in existing where relative.hasSuffix(".swift") && files[relative] == nil {
                try manager.removeItem(at: directory.appendingPathComponent(relative))
            }
        }
        for (relative, contents) in files.sorted(by: { $0.key < $1.key }) {
            let url = directory.appendingPathComponent(relative)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let data = Data(contents.utf8)
            if (try? Data(contentsOf: url)) == data { continue }
            do {
                try data.write(to: url)
            } catch {
                throw GeneratorError("cannot write \(url.path): \(error.localizedDescription)")
            }
        }
    }
}
