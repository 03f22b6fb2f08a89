import Foundation

// kafka-protocol-gen: reads Apache Kafka's message specs and error table and writes the Swift codecs of
// the KafkaProtocol target (and, optionally, the sample factories its round-trip tests use).
//
// Usage: kafka-protocol-gen <shared/kafka-protocol dir> <output dir> [--samples <test output dir>]

let usage = "usage: kafka-protocol-gen <kafka-protocol spec dir> <output dir> [--samples <test output dir>]"

func run(arguments: [String]) throws {
    var positional: [String] = []
    var samplesDirectory: String?
    var iterator = arguments.makeIterator()
    while let argument = iterator.next() {
        if argument == "--samples" {
            guard let value = iterator.next() else { throw GeneratorError("--samples needs a directory\n\(usage)") }
            samplesDirectory = value
        } else if argument == "-h" || argument == "--help" {
            print(usage)
            return
        } else {
            positional.append(argument)
        }
    }
    guard positional.count == 2 else { throw GeneratorError(usage) }
    let specDirectory = URL(fileURLWithPath: positional[0])
    let outputDirectory = URL(fileURLWithPath: positional[1])

    let messages = try SpecLoader.loadMessages(from: specDirectory.appendingPathComponent("messages"))
    let errors = try SpecLoader.loadErrors(from: specDirectory.appendingPathComponent("errors.json"))
    let pairs = try ApiKeyEmitter.pairs(from: messages)

    var files: [String: String] = [:]
    for message in messages {
        let emitter = MessageFileEmitter(message: message)
        files[emitter.fileName] = emitter.emit()
    }
    files["ApiKey.swift"] = ApiKeyEmitter(pairs: pairs).emit()
    files["KafkaErrorCode+Table.swift"] = ErrorCodeEmitter(errors: errors).emit()
    try OutputDirectory.replace(outputDirectory, with: files)
    print("kafka-protocol-gen: wrote \(files.count) files to \(outputDirectory.path)")

    if let samplesDirectory {
        var samples: [String: String] = [:]
        for message in messages {
            let emitter = SampleEmitter(message: message)
            samples[emitter.fileName] = emitter.emit()
        }
        samples["RoundTripCase+All.swift"] = RoundTripListEmitter(messages: messages).emit()
        try OutputDirectory.replace(URL(fileURLWithPath: samplesDirectory), with: samples)
        print("kafka-protocol-gen: wrote \(samples.count) sample files to \(samplesDirectory)")
    }
}

do {
    try run(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("kafka-protocol-gen: error: \(error)\n".utf8))
    exit(1)
}
