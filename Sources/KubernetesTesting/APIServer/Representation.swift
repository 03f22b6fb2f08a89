import KubernetesCore
import Yams

/// The representation a client asked for with `Accept`.
enum ResponseFormat: Sendable, Equatable {
    case json
    case yaml
    /// `application/json;as=Table;v=v1;g=meta.k8s.io` (kubectl get).
    case table
    /// `as=PartialObjectMetadata` / `PartialObjectMetadataList` (metadata-only clients).
    case partialMetadata
    /// `as=APIGroupDiscoveryList;v=v2;g=apidiscovery.k8s.io` (aggregated discovery).
    case discoveryV2

    static func negotiate(_ accept: String?) throws(APIError) -> ResponseFormat {
        guard let accept, !accept.trimmingCharacters(in: .whitespaces).isEmpty else { return .json }
        for entry in accept.split(separator: ",") {
            let parts = entry.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            let mediaType = parts.first?.lowercased() ?? ""
            var parameters: [String: String] = [:]
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { parameters[pair[0]] = pair[1] }
            }
            switch mediaType {
            case "application/json", "*/*", "application/*":
                switch parameters["as"] {
                case nil: return .json
                case "Table": return .table
                case "PartialObjectMetadata", "PartialObjectMetadataList": return .partialMetadata
                case "APIGroupDiscoveryList": return .discoveryV2
                default: continue
                }
            case "application/yaml": return .yaml
            default: continue
            }
        }
        throw APIError.notAcceptable
    }
}

/// Request body decoding (JSON, YAML, or protobuf for the kinds kubectl's typed commands create) and
/// response encoding.
enum Representation {
    static func decodeBody(_ request: ServerRequest, kind: String) throws(APIError) -> JSONCodec.Parsed {
        let contentType = (request.header("Content-Type") ?? "application/json").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        switch contentType {
        case "application/json", "":
            return try parseJSON(request.body, kind: kind)
        case "application/yaml":
            return JSONCodec.Parsed(value: try parseYAML(request.body), duplicateFields: [])
        case KubernetesProtobufBody.mediaType:
            return JSONCodec.Parsed(value: try KubernetesProtobufBody.decode(request.body, routeKind: kind), duplicateFields: [])
        default:
            throw APIError.unsupportedMediaType(accepted: ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"])
        }
    }

    static func parseJSON(_ body: [UInt8], kind: String) throws(APIError) -> JSONCodec.Parsed {
        let parsed: JSONCodec.Parsed
        do {
            parsed = try JSONCodec.parse(body)
        } catch {
            let snippet = String(decoding: body.prefix(30), as: UTF8.self) + (body.count > 30 ? " ..." : "")
            throw APIError.badRequest("the object provided is unrecognized (must be of type \(kind)): couldn't get version/kind; json parse error: \(error.message) (\(snippet))")
        }
        guard case .object = parsed.value else {
            let typeName: String = switch parsed.value {
            case .array: "array"
            case .string: "string"
            case .bool: "bool"
            case .null: "null"
            default: "number"
            }
            let hex = body.prefix(30).map { String(format: "%02x", $0) }.joined() + (body.count > 30 ? " ..." : "")
            throw APIError.badRequest("the object provided is unrecognized (must be of type \(kind)): couldn't get version/kind; json parse error: json: cannot unmarshal \(typeName) into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" } (\(hex))")
        }
        return parsed
    }

    static func parseYAML(_ body: [UInt8]) throws(APIError) -> JSONValue {
        do {
            guard let loaded = try Yams.load(yaml: String(decoding: body, as: UTF8.self)) else { return .object([:]) }
            return jsonValue(loaded)
        } catch {
            throw APIError.badRequest("error converting YAML to JSON: \(error)")
        }
    }

    /// Yams' decoded values as JSON (Bool before Int: on Linux there is no NSNumber bridging between them).
    static func jsonValue(_ value: Any) -> JSONValue {
        switch value {
        case let flag as Bool: return .bool(flag)
        case let number as Int: return .integer(Int64(number))
        case let number as Int64: return .integer(number)
        case let number as Double: return .double(number)
        case let text as String: return .string(text)
        case let items as [Any]: return .array(items.map(jsonValue))
        case let members as [String: Any]: return .object(members.mapValues(jsonValue))
        case let members as [AnyHashable: Any]:
            return .object(Dictionary(members.map { ("\($0.key.base)", jsonValue($0.value)) }, uniquingKeysWith: { _, last in last }))
        default: return .null
        }
    }

    static func yamlNode(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let flag): return Node(flag ? "true" : "false", Tag(.bool))
        case .integer(let number): return Node(String(number), Tag(.int))
        case .double(let number): return Node(String(number), Tag(.float))
        case .string(let text):
            let lower = text.lowercased()
            let ambiguous = Int64(text) != nil || Double(text) != nil || text.isEmpty
                || ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"].contains(lower)
                || text.range(of: #"^\d{4}-\d{2}-\d{2}"#, options: .regularExpression) != nil
            return Node(text, Tag(.str), ambiguous ? .doubleQuoted : .any)
        case .array(let items): return Node(items.map(yamlNode))
        case .object(let members):
            return Node(members.keys.sorted().map { (Node($0), yamlNode(members[$0] ?? .null)) })
        }
    }

    /// Encodes a response body in the negotiated format (JSON unless YAML was asked for).
    static func response(_ status: Int, _ value: JSONValue, format: ResponseFormat, headers: [(String, String)] = []) -> ServerResponse {
        if format == .yaml, let text = try? Yams.serialize(node: yamlNode(value)) {
            return .complete(status: status, headers: [("Content-Type", "application/yaml")] + headers, body: Array(text.utf8))
        }
        return .json(status, value, headers: headers)
    }
}
