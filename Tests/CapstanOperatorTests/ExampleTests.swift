import CapstanOperator
import Foundation
import Testing

/// Every example renders; every invalid example is refused by validation with the field path its header
/// comment names (`# Expected: [<object>: ]<field> is refused; ...`).
@Suite struct ExampleTests {
    static func files(in directory: String) -> [String] {
        let url = TestSupport.url(directory)
        return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func thereAreExamplesToCheck() {
        #expect(Self.files(in: "examples").contains("quickstart.yaml"))
        #expect(Self.files(in: "examples/invalid").count >= 10)
    }

    @Test(arguments: files(in: "examples"))
    func exampleRendersWithoutErrors(_ file: String) throws {
        let render = try OfflineRender(manifest: try TestSupport.read("examples/\(file)"))
        #expect(!render.objects.isEmpty)
        #expect(render.objects.contains { $0.kind == "Pod" })
    }

    @Test func quickstartIsThreeControllersAndThreeBrokersAcrossRacks() throws {
        let render = try OfflineRender(manifest: try TestSupport.read("examples/quickstart.yaml"))
        let pods = render.objects.filter { $0.kind == "Pod" }
        #expect(pods.count == 6)
        #expect(pods.filter { $0.metadata.labels?["kafka.capstan.dev/role"] == "controller" }.count == 3)
        #expect(pods.filter { $0.metadata.labels?["kafka.capstan.dev/role"] == "broker" }.count == 3)
    }

    @Test(arguments: files(in: "examples/invalid"))
    func invalidExampleIsRefusedWithItsFieldPath(_ file: String) throws {
        let text = try TestSupport.read("examples/invalid/\(file)")
        let expected = try #require(Self.expectation(in: text), "\(file) has no '# Expected: <field> is refused' line")
        do {
            let render = try OfflineRender(manifest: text)
            Issue.record("\(file) was accepted and rendered \(render.objects.count) objects")
        } catch let error as InvalidResourceError {
            let matching = error.issues.errors.filter { issue in
                issue.field == expected.field && (expected.object.map { issue.object == $0 } ?? true)
            }
            #expect(!matching.isEmpty, "\(file): expected an error on \(expected.object.map { $0 + ": " } ?? "")\(expected.field), got:\n\(error)")
            #expect(matching.allSatisfy { !$0.fix.isEmpty })
        }
    }

    /// Parses `# Expected: [KafkaNodePool name: ]spec.field is refused; ...`.
    static func expectation(in text: String) -> (object: String?, field: String)? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("# Expected: ") }),
            let end = line.range(of: " is refused")
        else { return nil }
        let target = line[line.index(line.startIndex, offsetBy: "# Expected: ".count)..<end.lowerBound]
        if let colon = target.range(of: ": ") {
            let object = String(target[..<colon.lowerBound])
            // Objects are written `KafkaNodePool name`; the issue names them `KafkaNodePool namespace/name`.
            let parts = object.split(separator: " ")
            let qualified = parts.count == 2 ? "\(parts[0]) default/\(parts[1])" : object
            return (qualified, String(target[colon.upperBound...]))
        }
        return (nil, String(target))
    }
}
