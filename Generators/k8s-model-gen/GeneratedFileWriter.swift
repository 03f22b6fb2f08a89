import Foundation

/// Writes the generated files, replacing the previous generation: `.swift` files under the output
/// directory that carry the generated header but were not written this time (types that disappeared) are
/// removed. Files without the header are never touched, whatever directory is passed.
struct GeneratedFileWriter {
    let directory: URL

    func write(_ files: [String: String]) throws {
        let manager = FileManager.default
        if let existing = manager.enumerator(atPath: directory.path) {
            for case let relative as String in existing where relative.hasSuffix(".swift") && files[relative] == nil {
                let url = directory.appendingPathComponent(relative)
                guard let contents = try? String(contentsOf: url, encoding: .utf8),
                    contents.hasPrefix(SwiftFileSet.header)
                else { continue }
                try manager.removeItem(at: url)
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
