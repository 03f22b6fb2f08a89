/// Turns a parsed spec into the model the emitters use, checking what the generator relies on.
struct Resolver {
    let fileName: String
    let spec: MessageSpec
    private var structs: [StructModel] = []
    private var commonNames: Set<String> = []
    private var definedNames: Set<String> = []

    init(fileName: String, spec: MessageSpec) {
        self.fileName = fileName
        self.spec = spec
    }

    static func resolve(fileName: String, spec: MessageSpec) throws -> MessageModel {
        var resolver = Resolver(fileName: fileName, spec: spec)
        return try resolver.run()
    }

    private func fail(_ text: String) -> GeneratorError {
        GeneratorError("\(fileName): \(text)")
    }

    private mutating func run() throws -> MessageModel {
        guard let kind = MessageKind(rawValue: spec.type) else {
            throw fail("unknown message type '\(spec.type)' (expected request, response, header or data)")
        }
        if (kind == .request || kind == .response) && spec.apiKey == nil {
            throw fail("a \(kind.rawValue) needs an apiKey")
        }
        let valid = try Versions(parsing: spec.validVersions, owner: "\(fileName) validVersions")
        let flexible = try Versions(parsing: spec.flexibleVersions, owner: "\(fileName) flexibleVersions")
        if flexible.lowest != Versions.none.lowest && flexible.highest != Versions.openEnded {
            throw fail("flexibleVersions must be 'none' or 'N+', found '\(spec.flexibleVersions)'")
        }
        commonNames = Set(spec.commonStructs.map(\.name))
        if commonNames.count != spec.commonStructs.count { throw fail("duplicate common struct names") }
        definedNames = commonNames
        let rootFields = try resolveFields(spec.fields, within: valid, owner: spec.name)
        for common in spec.commonStructs {
            let versions = try Versions(parsing: common.versions, owner: "\(fileName) common struct \(common.name)")
                .intersection(valid)
            let fields = try resolveFields(common.fields, within: versions, owner: common.name)
            structs.append(StructModel(name: common.name, versions: versions, fields: fields))
        }
        return MessageModel(
            fileName: fileName, name: spec.name, kind: kind, apiKey: spec.apiKey, validVersions: valid,
            flexibleVersions: flexible, latestVersionUnstable: spec.latestVersionUnstable,
            root: StructModel(name: spec.name, versions: valid, fields: rootFields), nested: structs)
    }

    private mutating func resolveFields(_ specs: [FieldSpec], within context: Versions, owner: String) throws -> [Field] {
        var fields: [Field] = []
        var seenTags: Set<UInt32> = []
        for spec in specs {
            let field = try resolveField(spec, within: context, owner: owner)
            if fields.contains(where: { $0.property == field.property }) {
                throw fail("\(owner) has two fields named \(spec.name)")
            }
            if let tag = field.tag, !seenTags.insert(tag).inserted {
                throw fail("\(owner) uses tag \(tag) twice")
            }
            fields.append(field)
        }
        return fields
    }

    private mutating func resolveField(_ spec: FieldSpec, within context: Versions, owner: String) throws -> Field {
        let where_ = "field \(owner).\(spec.name)"
        let versions = try Versions(parsing: spec.versions, owner: "\(fileName) \(where_) versions").intersection(context)
        let nullable = try spec.nullableVersions.map { try Versions(parsing: $0, owner: "\(fileName) \(where_) nullableVersions") } ?? .none
        let tagged = try spec.taggedVersions.map { try Versions(parsing: $0, owner: "\(fileName) \(where_) taggedVersions") } ?? .none
        let override = try spec.flexibleVersions.map { try Versions(parsing: $0, owner: "\(fileName) \(where_) flexibleVersions") }
        if (spec.tag == nil) != (spec.taggedVersions == nil) {
            throw fail("\(where_): tag and taggedVersions must be given together")
        }
        var tag: UInt32?
        if let rawTag = spec.tag {
            guard rawTag >= 0, rawTag <= Int(Int32.max) else { throw fail("\(where_): tag \(rawTag) out of range") }
            tag = UInt32(rawTag)
            // A field that is tagged in some versions and regular in others is legal in theory but unused
            // upstream; refuse it rather than guess its layout.
            if !tagged.intersection(context).contains(versions) {
                throw fail("\(where_): taggedVersions \(tagged) must cover versions \(versions)")
            }
        }
        let type = try resolveType(spec, versions: versions, owner: owner)
        if case .records = type, spec.defaultValue != nil { throw fail("\(where_): records cannot have a default") }
        var field = Field(
            specName: spec.name, property: propertyName(spec.name), type: type, versions: versions,
            nullableVersions: nullable, taggedVersions: tagged, tag: tag, ignorable: spec.ignorable,
            defaultText: "", flexibleOverride: override,
            about: spec.about ?? "")
        if field.isOptional {
            switch type {
            case .string, .bytes, .records, .array, .structure: break
            default: throw fail("\(where_): a \(spec.type) cannot be nullable")
            }
        }
        field.defaultText = try defaultExpression(spec, field: field, where_: where_)
        return field
    }

    private mutating func resolveType(_ spec: FieldSpec, versions: Versions, owner: String) throws -> FieldType {
        var typeName = spec.type
        let isArray = typeName.hasPrefix("[]")
        if isArray { typeName.removeFirst(2) }
        let element: FieldType
        if let primitive = FieldType.primitives[typeName] {
            if spec.fields != nil { throw fail("field \(owner).\(spec.name): a \(typeName) cannot have fields") }
            element = primitive
        } else {
            guard let first = typeName.first, first.isUppercase, typeName.allSatisfy({ $0.isLetter || $0.isNumber }) else {
                throw fail("field \(owner).\(spec.name): unknown type '\(spec.type)'")
            }
            if let nested = spec.fields {
                if definedNames.contains(typeName) {
                    throw fail("struct \(typeName) is defined twice (second time in \(owner).\(spec.name))")
                }
                definedNames.insert(typeName)
                let fields = try resolveFields(nested, within: versions, owner: typeName)
                structs.append(StructModel(name: typeName, versions: versions, fields: fields))
            } else if !commonNames.contains(typeName) {
                // Inline structs carry the versions of the field that defines them; a second use elsewhere
                // could need other versions, so only common structs may be referenced by name.
                throw fail("field \(owner).\(spec.name) refers to struct \(typeName), which is not a common struct")
            }
            element = .structure(typeName)
        }
        return isArray ? .array(element) : element
    }

    /// The Swift expression of the field's default, following Kafka's rules: "null" only for nullable
    /// fields, numbers as decimal or 0x-hex, empty collections and default structs otherwise.
    private func defaultExpression(_ spec: FieldSpec, field: Field, where_: String) throws -> String {
        let text = spec.defaultValue ?? ""
        if text == "null" {
            guard field.isOptional else { throw fail("\(where_): default null on a field that is never nullable") }
            return "nil"
        }
        switch field.type {
        case .int8, .int16, .uint16, .int32, .uint32, .int64:
            if text.isEmpty { return "0" }
            let negative = text.hasPrefix("-")
            let digits = negative ? String(text.dropFirst()) : text
            let magnitude: UInt64?
            if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
                magnitude = UInt64(digits.dropFirst(2), radix: 16)
            } else {
                magnitude = UInt64(digits)
            }
            guard let magnitude else { throw fail("\(where_): default '\(text)' is not an integer") }
            let value: Int64? = negative
                ? (magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil)
                : (magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil)
            guard let value, integerFits(value, field.type) else {
                throw fail("\(where_): default '\(text)' does not fit a \(field.type.swiftType)")
            }
            if value == Int64.min { return "Int64.min" }
            return String(value)
        case .float64:
            if text.isEmpty { return "0" }
            guard let value = Double(text), value.isFinite else { throw fail("\(where_): default '\(text)' is not a number") }
            return "\(value)"
        case .bool:
            if text.isEmpty || text == "false" { return "false" }
            if text == "true" { return "true" }
            throw fail("\(where_): default '\(text)' is not a boolean")
        case .string:
            return swiftStringLiteral(text)
        case .uuid:
            guard text.isEmpty else { throw fail("\(where_): uuid defaults other than the zero uuid are not supported") }
            return ".zero"
        case .bytes, .records:
            guard text.isEmpty else { throw fail("\(where_): bytes cannot have a default other than null") }
            if case .records = field.type, field.isOptional { return "nil" }
            return "ByteBuffer()"
        case .array:
            guard text.isEmpty else { throw fail("\(where_): arrays cannot have a default other than null") }
            return "[]"
        case .structure:
            guard text.isEmpty else { throw fail("\(where_): structs cannot have a default other than null") }
            // Not `Name()`: defaults are also written in extensions, where a nested struct's bare name is
            // not in scope, and `.init()` would pick the synthesized internal initializer, which a public
            // default argument cannot use. StructEmitter emits `defaultValue` on such structs.
            return ".defaultValue"
        }
    }

    private func integerFits(_ value: Int64, _ type: FieldType) -> Bool {
        switch type {
        case .int8: return Int8(exactly: value) != nil
        case .int16: return Int16(exactly: value) != nil
        case .uint16: return UInt16(exactly: value) != nil
        case .int32: return Int32(exactly: value) != nil
        case .uint32: return UInt32(exactly: value) != nil
        default: return true
        }
    }
}

func swiftStringLiteral(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if scalar.value < 0x20 { out += "\\u{\(String(scalar.value, radix: 16))}" } else { out.unicodeScalars.append(scalar) }
        }
    }
    return out + "\""
}
