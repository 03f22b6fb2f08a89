/// Emits one Swift struct (a message or a nested struct): properties, memberwise init, decoder, encoder.
struct StructEmitter {
    let message: MessageModel
    let model: StructModel
    let isRoot: Bool

    /// The Swift name used in error messages, e.g. "MetadataResponse.MetadataResponseTopic".
    var qualifiedName: String { isRoot ? model.name : "\(message.name).\(model.name)" }

    var conformance: String {
        guard isRoot else { return "KafkaCodable" }
        switch message.kind {
        case .request: return "KafkaRequest"
        case .response: return "KafkaResponse"
        case .header, .data: return "KafkaMessage"
        }
    }

    /// Versions in which this struct is flexible, as a Swift condition ("true"/"false" when constant).
    var flexibleCondition: String {
        message.flexibleVersions.condition(within: model.versions) ?? "true"
    }

    var canBeFlexible: Bool { flexibleCondition != "false" }

    /// Whether the initializers go in an extension (see `emitInitializerExtension`). A struct without
    /// fields keeps them in its body: its synthesized `init()` would clash with the public one.
    var initializersInExtension: Bool { !model.fields.isEmpty }

    func emit(into w: inout CodeWriter, docComment: [String]) {
        w.lines(docComment)
        w.block("public struct \(model.name): \(conformance)") { w in
            if isRoot { emitStatics(into: &w) }
            emitProperties(into: &w)
            w.line()
            if !initializersInExtension {
                emitMemberwiseInit(into: &w)
                w.line()
                emitDecoder(into: &w)
                w.line()
            }
            emitEncoder(into: &w)
        }
    }

    /// Emits, at file scope, an extension holding the struct's initializers, or nothing if they are in its
    /// body. Declared outside the body, they leave Swift's synthesized memberwise initializer in place, and
    /// the decoder builds its value through that one: with an explicit initializer assigning the fields,
    /// Swift 6.3's optimizer copies the finished struct into the caller's memory and destroys the original
    /// (a retain and a release per string and array field), which was a fifth of decoding DescribeConfigs.
    func emitInitializerExtension(into w: inout CodeWriter) {
        guard initializersInExtension else { return }
        w.line()
        w.block("extension \(qualifiedName)") { w in
            emitMemberwiseInit(into: &w)
            w.line()
            emitDecoder(into: &w)
        }
    }

    private func emitStatics(into w: inout CodeWriter) {
        if message.kind == .request { w.line("public typealias Response = \(message.apiName)Response") }
        w.line("public static let messageName = \(swiftStringLiteral(message.name))")
        if message.kind == .request || message.kind == .response {
            w.line("public static let apiKey: ApiKey = .\(apiKeyCaseName(message.apiName))")
        }
        w.line("public static let validVersions: ClosedRange<Int16> = \(message.validVersions.lowest)...\(message.validVersions.highest)")
        let flexible = message.flexibleVersions.isEmpty ? "nil" : "\(message.flexibleVersions.lowest)"
        w.line("public static let lowestFlexibleVersion: Int16? = \(flexible)")
        w.line()
    }

    /// Whether a field of the message holds this struct directly (not in an array): its default is then
    /// written `.defaultValue` (see Resolver), which this struct must provide.
    private var isDirectFieldType: Bool {
        ([message.root] + message.nested).contains { holder in
            holder.fields.contains { $0.type == .structure(model.name) }
        }
    }

    private func emitProperties(into w: inout CodeWriter) {
        for field in model.fields {
            if !field.about.isEmpty { w.line("/// \(field.about)") }
            w.line("/// \(fieldFacts(field))")
            w.line("public var \(field.property): \(field.swiftType) = \(field.defaultText)")
        }
        w.line("/// Tagged fields this codec does not know, kept so that decoding and re-encoding loses nothing.")
        w.line("public var unknownTaggedFields: [KafkaTaggedField] = []")
        if isDirectFieldType {
            w.line()
            w.line("/// The value with every field at its spec default.")
            w.line("public static var defaultValue: Self { Self() }")
        }
    }

    private func fieldFacts(_ field: Field) -> String {
        var facts = "Versions \(field.versions)"
        if field.isOptional { facts += ", nullable \(field.nullableVersions.intersection(field.versions))" }
        if let tag = field.tag { facts += ", tagged \(field.taggedVersions) with tag \(tag)" }
        if field.ignorable { facts += ", ignorable" }
        return facts + "; default `\(field.defaultText)`."
    }

    private func emitMemberwiseInit(into w: inout CodeWriter) {
        w.line("/// Creates a value; every field not given keeps the spec default.")
        if model.fields.isEmpty {
            w.line("public init() {}")
            return
        }
        w.line("public init(")
        w.indent()
        for (index, field) in model.fields.enumerated() {
            let comma = index == model.fields.count - 1 ? "" : ","
            w.line("\(field.property): \(field.swiftType(inMessage: message.name)) = \(field.defaultText)\(comma)")
        }
        w.dedent()
        w.block(")") { w in
            for field in model.fields { w.line("self.\(field.property) = \(field.property)") }
        }
    }

    // MARK: decoding

    /// How the struct's code refers to "this version is flexible": a literal when constant, else a local.
    private var flexibleExpression: String {
        let condition = flexibleCondition
        return condition == "true" || condition == "false" ? condition : "flexible"
    }

    private func emitFlexibleLocal(into w: inout CodeWriter) {
        if flexibleExpression == "flexible" { w.line("let flexible = \(flexibleCondition)") }
    }

    /// Runs `body` inside `if flexible { }` unless the struct is flexible in all its versions.
    private func whenFlexible(into w: inout CodeWriter, _ body: (inout CodeWriter) -> Void) {
        if flexibleExpression == "flexible" { w.block("if flexible", body) } else { body(&w) }
    }

    /// The local variable a decoder reads a field into before building the value.
    private func local(_ field: Field) -> String { "_\(plainName(field.property))" }

    /// Where the decoder puts a field's value: a local when building through the memberwise initializer.
    private func target(_ field: Field) -> String {
        initializersInExtension ? local(field) : "self.\(field.property)"
    }

    private var unknownTaggedFieldsTarget: String {
        initializersInExtension ? "_unknownTaggedFields" : "self.unknownTaggedFields"
    }

    private func emitDecoder(into w: inout CodeWriter) {
        w.line("/// Decodes a value of the given version, as it appears on the wire.")
        w.block("public init(from reader: inout KafkaReader, version: Int16) throws") { w in
            if isRoot { w.line("try Self.checkDecodable(version: version)") }
            let regular = model.fields.filter { !$0.isTagged && !$0.versions.isEmpty }
            if initializersInExtension {
                // A field no version of this struct has keeps its default: a `let`, or Swift warns.
                for field in model.fields {
                    let keyword = field.versions.isEmpty || (field.isTagged && !canBeFlexible) ? "let" : "var"
                    w.line("\(keyword) \(local(field)): \(field.swiftType(inMessage: message.name)) = \(field.defaultText)")
                }
                w.line("\(canBeFlexible ? "var" : "let") _unknownTaggedFields: [KafkaTaggedField] = []")
            }
            if !regular.isEmpty || canBeFlexible {
                emitFlexibleLocal(into: &w)
                w.line("var field: StaticString = \"\"")
                w.line("do {")
                w.indent()
                let codec = FieldCodec(buffer: "reader", compact: flexibleExpression, message: message.name)
                for field in regular { emitRead(field, codec: codec, into: &w) }
                if canBeFlexible { emitTaggedRead(into: &w) }
                w.dedent()
                w.block("} catch") { w in
                    w.line("throw KafkaDecodingError.adding(field: field, of: \(swiftStringLiteral(qualifiedName)), version: version, to: error)")
                }
            }
            if initializersInExtension {
                let arguments = model.fields.map { "\(plainName($0.property)): \(local($0))" } + ["unknownTaggedFields: _unknownTaggedFields"]
                w.line("self = Self(\(arguments.joined(separator: ", ")))")
            }
        }
    }

    private func compactExpression(_ field: Field, default fallback: String) -> String {
        guard let override = field.flexibleOverride else { return fallback }
        return override.intersection(message.flexibleVersions).condition(within: field.versions) ?? "true"
    }

    private func emitRead(_ field: Field, codec base: FieldCodec, into w: inout CodeWriter) {
        let codec = FieldCodec(buffer: base.buffer, compact: compactExpression(field, default: base.compact), message: message.name)
        let present = field.versions.condition(within: model.versions)
        let body: (inout CodeWriter) -> Void = { w in
            w.line("field = \(swiftStringLiteral(plainName(field.property)))")
            emitReadValue(field, codec: codec, into: &w)
        }
        if let present { w.block("if \(present)", body) } else { body(&w) }
    }

    private func emitReadValue(_ field: Field, codec: FieldCodec, into w: inout CodeWriter) {
        let target = target(field)
        guard field.isOptional else {
            w.line("\(target) = \(codec.read(field.type))")
            return
        }
        if let nullable = field.nullableVersions.condition(within: field.versions) {
            w.ifElse(
                "if \(nullable)",
                { w in w.line("\(target) = \(codec.readNullable(field.type))") },
                { w in w.line("\(target) = \(codec.read(field.type))") })
        } else {
            w.line("\(target) = \(codec.readNullable(field.type))")
        }
    }

    private func emitTaggedRead(into w: inout CodeWriter) {
        let tagged = model.fields.filter(\.isTagged).sorted { ($0.tag ?? 0) < ($1.tag ?? 0) }
        whenFlexible(into: &w) { w in
            w.line("field = \"taggedFields\"")
            if tagged.isEmpty {
                w.line("\(unknownTaggedFieldsTarget) = try reader.readKafkaUnknownTaggedFields()")
                return
            }
            w.line("let tagCount = try reader.readKafkaUnsignedVarint()")
            w.block("for _ in 0..<tagCount") { w in
                w.line("let tag = try reader.readKafkaUnsignedVarint()")
                w.line("var tagData = try reader.readKafkaTaggedFieldData()")
                w.line("switch tag {")
                let codec = FieldCodec(buffer: "tagData", compact: "true", message: message.name)
                for field in tagged {
                    let when = field.taggedVersions.intersection(field.versions).condition(within: model.versions)
                    w.line("case \(field.tag ?? 0)\(when.map { " where \($0)" } ?? ""):")
                    w.indent()
                    w.line("field = \(swiftStringLiteral(plainName(field.property)))")
                    emitReadValue(field, codec: codec, into: &w)
                    w.dedent()
                }
                w.line("default:")
                w.indent()
                w.line("\(unknownTaggedFieldsTarget).append(KafkaTaggedField(tag: tag, data: tagData.remainingBytes))")
                w.dedent()
                w.line("}")
            }
        }
    }

    // MARK: encoding

    private func emitEncoder(into w: inout CodeWriter) {
        w.line("/// Encodes this value as the given version; throws if a non-ignorable field is set that the version lacks.")
        w.block("public func encode(to writer: inout KafkaWriter, version: Int16) throws") { w in
            if isRoot { w.line("try Self.checkEncodable(version: version)") }
            if model.fields.contains(where: { !$0.versions.isEmpty }) || canBeFlexible { emitFlexibleLocal(into: &w) }
            let codec = FieldCodec(buffer: "writer", compact: flexibleExpression, message: message.name)
            for field in model.fields { emitWrite(field, codec: codec, into: &w) }
            if canBeFlexible { emitTaggedWrite(into: &w) }
        }
    }

    private func notSupportedCheck(_ field: Field) -> String {
        "if self.\(field.property) != \(field.defaultText) { throw KafkaEncodingError.fieldNotInVersion(message: \(swiftStringLiteral(qualifiedName)), field: \(swiftStringLiteral(plainName(field.property))), version: version) }"
    }

    private func emitWrite(_ field: Field, codec base: FieldCodec, into w: inout CodeWriter) {
        let codec = FieldCodec(buffer: base.buffer, compact: compactExpression(field, default: base.compact), message: message.name)
        guard !field.versions.isEmpty else {
            if !field.ignorable { w.line(notSupportedCheck(field)) }
            return
        }
        let present = field.versions.condition(within: model.versions)
        if field.isTagged {
            // Tagged fields are written in the tagged section; here only the version check applies.
            if let present, !field.ignorable {
                w.block("if !(\(present))") { w in w.line(notSupportedCheck(field)) }
            }
            return
        }
        guard let present else {
            emitWriteValue(field, codec: codec, into: &w)
            return
        }
        if field.ignorable {
            w.block("if \(present)") { w in emitWriteValue(field, codec: codec, into: &w) }
        } else {
            w.ifElse(
                "if \(present)",
                { w in emitWriteValue(field, codec: codec, into: &w) },
                { w in w.line(notSupportedCheck(field)) })
        }
    }

    private func emitWriteValue(_ field: Field, codec: FieldCodec, into w: inout CodeWriter) {
        let value = "self.\(field.property)"
        guard field.isOptional else {
            w.line(codec.write(value, field.type))
            return
        }
        guard let nullable = field.nullableVersions.condition(within: field.versions) else {
            w.line(codec.writeNullable(value, field.type))
            return
        }
        w.ifElse(
            "if \(nullable)",
            { w in w.line(codec.writeNullable(value, field.type)) },
            { w in
                w.block("guard let value = \(value) else") { w in
                    w.line("throw KafkaEncodingError.nullNotAllowed(message: \(swiftStringLiteral(qualifiedName)), field: \(swiftStringLiteral(plainName(field.property))), version: version)")
                }
                w.line(codec.write("value", field.type))
            })
    }

    private func emitTaggedWrite(into w: inout CodeWriter) {
        let tagged = model.fields.filter(\.isTagged).sorted { ($0.tag ?? 0) < ($1.tag ?? 0) }
        whenFlexible(into: &w) { w in
            if tagged.isEmpty {
                w.line("writer.writeKafkaTaggedFields(self.unknownTaggedFields)")
                return
            }
            w.line("var tagCount = self.unknownTaggedFields.count")
            for field in tagged {
                let tag = field.tag ?? 0
                var condition = "self.\(field.property) != \(field.defaultText)"
                if let when = field.taggedVersions.intersection(field.versions).condition(within: model.versions) {
                    condition = "\(when) && \(condition)"
                }
                w.line("let hasTag\(tag) = \(condition)")
                w.line("if hasTag\(tag) { tagCount += 1 }")
            }
            w.line("writer.writeKafkaUnsignedVarint(UInt32(tagCount))")
            w.line("var unknownIndex = 0")
            let codec = FieldCodec(buffer: "tagWriter", compact: "true", message: message.name)
            for field in tagged {
                let tag = field.tag ?? 0
                w.block("if hasTag\(tag)") { w in
                    w.line("writer.writeKafkaUnknownTaggedFields(self.unknownTaggedFields, before: \(tag), index: &unknownIndex)")
                    w.block("try writer.writeKafkaTaggedField(tag: \(tag))") { w in
                        w.line("(tagWriter: inout KafkaWriter) throws in")
                        emitWriteValue(field, codec: codec, into: &w)
                    }
                }
            }
            w.line("writer.writeKafkaUnknownTaggedFields(self.unknownTaggedFields, before: nil, index: &unknownIndex)")
        }
    }
}

