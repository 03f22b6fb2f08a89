import Foundation
import KubernetesCore

/// Options every write shares: dry run, field validation, the field manager.
struct WriteOptions: Sendable {
    var dryRun: Bool
    var fieldValidation: String
    var fieldManager: String

    init(_ request: ServerRequest) throws(APIError) {
        dryRun = request.query["dryRun"] == "All"
        if let value = request.query["dryRun"], !value.isEmpty, value != "All" {
            throw APIError.invalidOptions("CreateOptions", field: "dryRun", reason: "FieldValueNotSupported",
                                          detail: "Unsupported value: \"\(value)\": supported values: \"All\"")
        }
        fieldValidation = request.query["fieldValidation"] ?? "Warn"
        // Like the real server: the manager defaults to the User-Agent's program name.
        fieldManager = request.query["fieldManager"] ?? FieldManager.defaultManager(userAgent: request.header("User-Agent") ?? "unknown")
    }
}

extension RequestEngine {
    func create(_ request: ServerRequest, resource: ServedResource, namespace: String?, format: ResponseFormat) throws(APIError) -> ServerResponse {
        let options = try WriteOptions(request)
        var (object, warnings) = try decodeObject(request, resource: resource, options: options)
        if let bodyNamespace = object[path: ["metadata", "namespace"]]?.stringValue, !bodyNamespace.isEmpty, bodyNamespace != namespace, resource.namespaced {
            throw APIError.badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        try requireActiveNamespace(namespace, resource: resource)
        let now = Date()
        let catalog = store.catalog()
        object = try admitCreate(object, resource: resource, namespace: namespace, manager: options.fieldManager, catalog: catalog, now: now)
        let name = object[path: ["metadata", "name"]]?.stringValue ?? ""
        let (_, stored) = try store.write(resource, namespace: namespace, name: name, dryRun: options.dryRun) { current, _ throws(APIError) in
            if current != nil { throw APIError.alreadyExists(resource, name: name) }
            return .create(object)
        }
        if !options.dryRun { afterWrite(resource: resource, object: stored) }
        return Representation.response(201, present(stored, as: resource), format: format, headers: warnings.map { ("Warning", $0) })
    }

    /// Everything a create does to a decoded body, in the real server's order: the strategy's create
    /// preparation, defaults, metadata, validation, managedFields (Update entry), then admission mutations.
    func admitCreate(_ body: JSONValue, resource: ServedResource, namespace: String?, manager: String, catalog: ResourceCatalog, now: Date) throws(APIError) -> JSONValue {
        var object = WriteRules.prepareCreate(body, resource: resource)
        object = WriteRules.defaultCustomResource(object, resource: resource, catalog: catalog)
        Admission.applyDefaults(&object, resource: resource)
        Admission.initializeMetadata(&object, resource: resource, namespace: namespace, now: now)
        try Admission.validateCreate(object, resource: resource, catalog: catalog)
        object = try WriteRules.recordUpdate(live: nil, updated: object, resource: resource, subresource: nil, manager: manager, catalog: catalog, now: now)
        Admission.mutateOnCreate(&object, resource: resource)
        return object
    }

    /// Parses a create/update body, checks its kind against the URL, and applies `fieldValidation` to
    /// unknown and duplicate fields. Returns the object and any `Warning` header values.
    func decodeObject(_ request: ServerRequest, resource: ServedResource, options: WriteOptions) throws(APIError) -> (JSONValue, [String]) {
        let parsed = try Representation.decodeBody(request, kind: resource.kind)
        var object = parsed.value
        try BodyTypeCheck.check(object, resource: resource)
        object["kind"] = .string(resource.kind)
        object["apiVersion"] = .string(resource.apiVersion)
        if object["metadata"]?.objectValue == nil { object["metadata"] = [:] }
        try TypeChecks.check(object, resource: resource)
        var problems = parsed.duplicateFields.map { "duplicate field \"\($0)\"" }
        let unknown = WriteRules.unknownFields(in: object, resource: resource, catalog: store.catalog())
        problems += unknown.map { "unknown field \"\($0)\"" }
        var warnings: [String] = []
        if !problems.isEmpty {
            switch options.fieldValidation {
            case "Strict":
                throw APIError.badRequest("\(resource.kind) in version \"\(resource.version)\" cannot be handled as a \(resource.kind): strict decoding error: \(problems.joined(separator: ", "))")
            case "Ignore": break
            default:
                warnings = problems.map { "299 - \"\($0.replacingOccurrences(of: "\"", with: "\\\""))\"" }
            }
        }
        object = WriteRules.pruneUnknownFields(object, paths: unknown, resource: resource, catalog: store.catalog())
        return (GoEncoding.normalize(object, resource: resource), warnings)
    }

    func requireActiveNamespace(_ namespace: String?, resource: ServedResource) throws(APIError) {
        guard let namespace, resource.namespaced else { return }
        guard let namespaces = store.catalog().resource(group: "", version: "v1", plural: "namespaces"),
              let object = store.get(namespaces, namespace: nil, name: namespace) else {
            throw APIError.namespaceNotFound(namespace)
        }
        if object[path: ["metadata", "deletionTimestamp"]] != nil {
            throw APIError(code: 403, reason: "Forbidden",
                           message: "\(resource.plural) \"\" is forbidden: unable to create new content in namespace \(namespace) because it is being terminated",
                           details: ["kind": .string(resource.plural), "causes": [["reason": "NamespaceTerminating", "message": .string("namespace \(namespace) is being terminated"), "field": "metadata.namespace"]]])
        }
    }

    /// Side effects of a committed write: CRDs start or stop serving, controllers get to look.
    func afterWrite(resource: ServedResource, object: JSONValue) {
        if resource.plural == "customresourcedefinitions", resource.group == "apiextensions.k8s.io" {
            CustomResourceServing.reconcile(object, store: store)
        }
        controllers.notify()
    }
}
