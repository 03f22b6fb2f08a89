/// Emits, for the test target, a `sample(version:)` factory per generated struct that sets every field the
/// version has to a non-default value, so a round trip exercises every field's encoding.
struct SampleEmitter {
    let message: MessageModel

    var fileName: String { "\(message.name)+Sample.swift" }

    func emit() -> String {
        var w = CodeWriter()
        w.appendRaw(generatedHeader(source: "messages/\(message.fileName)"))
        w.line("import NIOCore")
        w.line("import KafkaProtocol")
        emitStruct(message.root, typeName: message.name, into: &w)
        for nested in message.nested {
            emitStruct(nested, typeName: "\(message.name).\(nested.name)", into: &w)
        }
        return w.text
    }

    private func emitStruct(_ model: StructModel, typeName: String, into w: inout CodeWriter) {
        w.line()
        w.block("extension \(typeName): SampleProviding") { w in
            w.block("static func sample(version: Int16) -> Self") { w in
                let present = model.fields.filter { !$0.versions.isEmpty }
                guard !present.isEmpty else {
                    w.line("Self()")
                    return
                }
                w.line("var value = Self()")
                for (index, field) in present.enumerated() {
                    let assignment = "value.\(field.property) = \(sampleValue(field, seed: index + 2))"
                    if let condition = field.versions.condition(within: model.versions) {
                        w.line("if \(condition) { \(assignment) }")
                    } else {
                        w.line(assignment)
                    }
                }
                w.line("return value")
            }
        }
    }

    private func sampleValue(_ field: Field, seed: Int) -> String {
        if case .bool = field.type { return field.defaultText == "true" ? "false" : "true" }
        if field.type.isInteger {
            var value = seed % 100 + 1
            if String(value) == field.defaultText { value += 1 }
            return String(value)
        }
        return value(of: field.type, seed: seed, property: plainName(field.property))
    }

    private func value(of type: FieldType, seed: Int, property: String) -> String {
        switch type {
        case .bool: return "true"
        case .int8, .int16, .uint16, .int32, .uint32, .int64: return String(seed % 100 + 1)
        case .float64: return "\(seed).5"
        case .string: return "\"\(property)-\\(version)\""
        case .uuid: return "KafkaUUID(mostSignificantBits: \(seed), leastSignificantBits: 0x0123_4567_89AB_CDEF)"
        case .bytes, .records: return "ByteBuffer(bytes: [\(seed % 256), 0, 255])"
        case .structure(let name): return "\(message.name).\(name).sample(version: version)"
        case .array(let element):
            if case .structure = element { return "[\(value(of: element, seed: seed, property: property))]" }
            let first = value(of: element, seed: seed, property: property)
            let second = value(of: element, seed: seed + 1, property: property + "2")
            return "[\(first), \(second)]"
        }
    }
}

/// Emits the list of every generated message, for the round-trip test.
struct RoundTripListEmitter {
    let messages: [MessageModel]

    func emit() -> String {
        var w = CodeWriter()
        w.appendRaw(generatedHeader(source: "messages/*.json"))
        w.line("import KafkaProtocol")
        w.line()
        w.block("extension RoundTripCase") { w in
            w.line("/// One case per generated message; each covers every valid version.")
            w.block("static var all: [RoundTripCase]") { w in
                w.line("var cases: [RoundTripCase] = []")
                w.line("cases.reserveCapacity(\(messages.count))")
                for message in messages { w.line("cases.append(RoundTripCase(\(message.name).self))") }
                w.line("return cases")
            }
        }
        return w.text
    }
}
