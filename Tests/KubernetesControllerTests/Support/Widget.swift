import KubernetesController
import KubernetesCore

/// A small custom resource for the runtime's tests.
struct Widget: Resource, HasSpec, Hashable {
    static let group = "example.capstan.dev"
    static let version = "v1"
    static let kind = "Widget"
    static let plural = "widgets"
    static let scope = ResourceScope.namespaced

    struct Spec: Codable, Sendable, Hashable {
        var size: Int?
    }

    var apiVersion: String = Widget.apiVersion
    var kind: String = Widget.kind
    var metadata: ObjectMeta
    var spec: Spec?

    init(metadata: ObjectMeta, spec: Spec? = nil) {
        self.metadata = metadata
        self.spec = spec
    }

    init(_ name: String, namespace: String = "ns", rv: String = "1", generation: Int64 = 1, labels: [String: String]? = nil,
         owners: [OwnerReference]? = nil, uid: String? = nil) {
        self.metadata = ObjectMeta(
            name: name, namespace: namespace, uid: uid ?? "uid-\(name)", resourceVersion: rv, generation: generation,
            labels: labels, ownerReferences: owners)
    }

    enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, spec }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion) ?? Widget.apiVersion
        kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? Widget.kind
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
        spec = try container.decodeIfPresent(Spec.self, forKey: .spec)
    }
}

/// A child resource (ConfigMap-shaped) owned by Widgets.
struct Gadget: Resource, Hashable {
    static let group = ""
    static let version = "v1"
    static let kind = "ConfigMap"
    static let plural = "configmaps"
    static let scope = ResourceScope.namespaced

    var apiVersion: String = Gadget.apiVersion
    var kind: String = Gadget.kind
    var metadata: ObjectMeta

    init(metadata: ObjectMeta) { self.metadata = metadata }

    enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try container.decodeIfPresent(String.self, forKey: .apiVersion) ?? Gadget.apiVersion
        kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? Gadget.kind
        metadata = try container.decodeIfPresent(ObjectMeta.self, forKey: .metadata) ?? ObjectMeta()
    }
}

extension OwnerReference {
    static func widget(_ name: String, controller: Bool = true) -> OwnerReference {
        OwnerReference(apiVersion: Widget.apiVersion, kind: Widget.kind, name: name, uid: "uid-\(name)", controller: controller)
    }
}

/// JSON bodies the scripted API server answers with.
enum WidgetJSON {
    static let path = "/apis/example.capstan.dev/v1/widgets"

    static func object(_ name: String, rv: String, namespace: String = "ns") -> String {
        #"{"apiVersion":"example.capstan.dev/v1","kind":"Widget","metadata":{"name":"\#(name)","namespace":"\#(namespace)","uid":"uid-\#(name)","resourceVersion":"\#(rv)","generation":1,"managedFields":[{"manager":"kubectl","operation":"Apply"}]},"spec":{"size":1}}"#
    }

    static func list(_ names: [String], rv: String, continue token: String? = nil) -> String {
        let items = names.map { object($0, rv: rv) }.joined(separator: ",")
        let cont = token.map { #","continue":"\#($0)""# } ?? ""
        return #"{"apiVersion":"example.capstan.dev/v1","kind":"WidgetList","metadata":{"resourceVersion":"\#(rv)"\#(cont)},"items":[\#(items)]}"#
    }

    static func event(_ type: String, _ name: String, rv: String) -> String {
        #"{"type":"\#(type)","object":\#(object(name, rv: rv))}"# + "\n"
    }

    static func bookmark(rv: String) -> String {
        #"{"type":"BOOKMARK","object":{"kind":"Widget","apiVersion":"example.capstan.dev/v1","metadata":{"resourceVersion":"\#(rv)"}}}"# + "\n"
    }

    static let gone = #"{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version","reason":"Expired","code":410}}"# + "\n"
}
