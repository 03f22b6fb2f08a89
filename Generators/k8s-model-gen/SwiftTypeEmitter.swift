/// Renders one generated type as Swift: the struct, its memberwise init and, for kinds, the decoding that
/// fills in `apiVersion`, `kind` and `metadata` when the JSON leaves them out.
struct SwiftTypeEmitter {
    let type: TypeModel

    private var isKindRoot: Bool { type.kind?.hasObjectMeta == true }
    private var resource: ResourceModel? { type.kind?.resource }

    func render() -> [String] {
        var lines: [String] = []
        if let doc = type.doc { lines.append("    /// \(doc)") }
        lines.append("    public struct \(type.name): \(conformances().joined(separator: ", ")) {")
        lines += staticMembers()
        for field in type.fields {
            if let doc = field.doc { lines.append("        /// \(doc)") }
            if field.isIndirect {
                lines.append("        public var \(Naming.escaped(field.swiftName)): \(field.swiftType)? {")
                lines.append("            get { _\(field.swiftName)?.value }")
                lines.append("            set { _\(field.swiftName) = newValue.map(Indirect.init) }")
                lines.append("        }")
                lines.append("        private var _\(field.swiftName): Indirect<\(field.swiftType)>?")
            } else {
                lines.append("        public var \(Naming.escaped(field.swiftName)): \(declaredType(field))")
            }
        }
        lines.append("")
        lines += memberwiseInit()
        if needsCodingKeys {
            lines.append("")
            lines += codingKeys()
        }
        if isKindRoot {
            lines.append("")
            lines += decodingInit()
        }
        lines.append("    }")
        return lines
    }

    private func conformances() -> [String] {
        var result: [String] = []
        if resource != nil {
            result.append("Resource")
            if type.hasSpec { result.append("HasSpec") }
            if type.hasStatus { result.append("HasStatus") }
        }
        return result + ["Codable", "Sendable", "Hashable"]
    }

    private func staticMembers() -> [String] {
        guard let kind = type.kind, let resource else { return [] }
        return [
            "        public static let group = \"\(kind.gvk.group)\"",
            "        public static let version = \"\(kind.gvk.version)\"",
            "        public static let kind = \"\(kind.gvk.kind)\"",
            "        public static let plural = \"\(resource.plural)\"",
            "        public static let scope = ResourceScope.\(resource.namespaced ? "namespaced" : "cluster")",
            "",
        ]
    }

    private func declaredType(_ field: FieldModel) -> String {
        field.isOptional ? field.swiftType + "?" : field.swiftType
    }

    /// Fields set by the initializer's parameters; a kind's `apiVersion` and `kind` are fixed.
    private var parameterFields: [FieldModel] {
        isKindRoot ? type.fields.filter { $0.jsonName != "apiVersion" && $0.jsonName != "kind" } : type.fields
    }

    private func memberwiseInit() -> [String] {
        let parameters = parameterFields.map { field -> String in
            let name = Naming.escaped(field.swiftName)
            if isKindRoot && field.jsonName == "metadata" { return "\(name): ObjectMeta = ObjectMeta()" }
            let swiftType = field.isIndirect ? field.swiftType + "?" : declaredType(field)
            return field.isOptional || field.isIndirect ? "\(name): \(swiftType) = nil" : "\(name): \(swiftType)"
        }
        var lines: [String] = []
        if parameters.isEmpty {
            lines.append("        public init() {")
        } else {
            lines.append("        public init(")
            for (index, parameter) in parameters.enumerated() {
                lines.append("            \(parameter)\(index == parameters.count - 1 ? "" : ",")")
            }
            lines.append("        ) {")
        }
        if isKindRoot, let kind = type.kind {
            lines.append("            self.apiVersion = \"\(kind.gvk.apiVersion)\"")
            lines.append("            self.kind = \"\(kind.gvk.kind)\"")
        }
        for field in parameterFields {
            let name = Naming.escaped(field.swiftName)
            if field.isIndirect {
                lines.append("            self._\(field.swiftName) = \(name).map(Indirect.init)")
            } else {
                lines.append("            self.\(field.swiftName) = \(name)")
            }
        }
        lines.append("        }")
        return lines
    }

    private var needsCodingKeys: Bool {
        isKindRoot || type.fields.contains { $0.isIndirect || $0.swiftName != $0.jsonName }
    }

    private func codingKey(_ field: FieldModel) -> String {
        field.isIndirect ? "_" + field.swiftName : Naming.escaped(field.swiftName)
    }

    private func codingKeys() -> [String] {
        var lines = ["        enum CodingKeys: String, CodingKey {"]
        for field in type.fields {
            let key = codingKey(field)
            let raw = key.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            lines.append(raw == field.jsonName ? "            case \(key)" : "            case \(key) = \"\(field.jsonName)\"")
        }
        lines.append("        }")
        return lines
    }

    private func decodingInit() -> [String] {
        guard let kind = type.kind else { return [] }
        var lines = [
            "        public init(from decoder: any Decoder) throws {",
            "            let container = try decoder.container(keyedBy: CodingKeys.self)",
        ]
        for field in type.fields {
            let key = codingKey(field)
            let target = field.isIndirect ? "_" + field.swiftName : field.swiftName
            let call: String
            switch field.jsonName {
            case "apiVersion":
                call = "try container.decodeIfPresent(String.self, forKey: .apiVersion) ?? \"\(kind.gvk.apiVersion)\""
            case "kind":
                call = "try container.decodeIfPresent(String.self, forKey: .kind) ?? \"\(kind.gvk.kind)\""
            case "metadata":
                call = "try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()"
            default:
                let swiftType = field.isIndirect ? "Indirect<\(field.swiftType)>" : field.swiftType
                let method = field.isOptional || field.isIndirect ? "decodeIfPresent" : "decode"
                call = "try container.\(method)(\(swiftType).self, forKey: .\(key))"
            }
            lines.append("            self.\(target) = \(call)")
        }
        lines.append("        }")
        return lines
    }
}

import Foundation
