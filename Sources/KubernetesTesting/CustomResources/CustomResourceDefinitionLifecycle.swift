import KubernetesCore
import KubernetesModels

/// What the API server does to a CRD besides validating it: the v1 defaults, the status a new CRD starts
/// with, and the naming controller's verdict (accepted names and the NamesAccepted/Established conditions).
public enum CustomResourceDefinitionLifecycle {
    /// apiextensions/v1 defaulting: `singular` = lowercased kind, `listKind` = kind + "List",
    /// `conversion.strategy` = None.
    public static func applyDefaults(to crd: inout ApiextensionsV1.CustomResourceDefinition) {
        guard var spec = crd.spec else { return }
        if (spec.names.singular ?? "").isEmpty { spec.names.singular = spec.names.kind.lowercased() }
        if (spec.names.listKind ?? "").isEmpty && !spec.names.kind.isEmpty { spec.names.listKind = spec.names.kind + "List" }
        if spec.conversion == nil { spec.conversion = ApiextensionsV1.CustomResourceConversion(strategy: "None") }
        crd.spec = spec
    }

    /// The status of a CRD as created (before the naming controller runs): no accepted names, no conditions,
    /// `storedVersions` = the storage version.
    public static func initialStatus(for crd: ApiextensionsV1.CustomResourceDefinition) -> ApiextensionsV1.CustomResourceDefinitionStatus {
        let storage = crd.spec?.versions.first(where: \.storage)?.name
        return ApiextensionsV1.CustomResourceDefinitionStatus(
            acceptedNames: ApiextensionsV1.CustomResourceDefinitionNames(kind: "", plural: ""),
            storedVersions: storage.map { [$0] } ?? [])
    }

    /// The naming controller: the CRD's names are accepted unless another CRD of the same group already uses
    /// its plural, singular, a short name, its kind or list kind. Conditions keep their transition time when
    /// their status does not change.
    public static func acceptNames(
        _ crd: ApiextensionsV1.CustomResourceDefinition, others: [ApiextensionsV1.CustomResourceDefinition], now: Time
    ) -> ApiextensionsV1.CustomResourceDefinitionStatus {
        var status = crd.status ?? initialStatus(for: crd)
        guard let spec = crd.spec else { return status }
        let sameGroup = others.filter { $0.spec?.group == spec.group && $0.metadata.name != crd.metadata.name }
        let taken = sameGroup.compactMap { $0.status?.acceptedNames }
        var resources = Set<String>(), kinds = Set<String>()
        for names in taken {
            resources.formUnion([names.plural, names.singular ?? ""] + (names.shortNames ?? []))
            kinds.formUnion([names.kind, names.listKind ?? ""])
        }
        resources.remove("")
        kinds.remove("")
        let names = spec.names
        var conflict: (reason: String, message: String)?
        if resources.contains(names.plural) {
            conflict = ("PluralConflict", "\(goQuote(names.plural)) is already in use")
        } else if let singular = names.singular, resources.contains(singular) {
            conflict = ("SingularConflict", "\(goQuote(singular)) is already in use")
        } else if let shortName = (names.shortNames ?? []).first(where: resources.contains) {
            conflict = ("ShortNamesConflict", "\(goQuote(shortName)) is already in use")
        } else if kinds.contains(names.kind) {
            conflict = ("KindConflict", "\(goQuote(names.kind)) is already in use")
        } else if let listKind = names.listKind, kinds.contains(listKind) {
            conflict = ("ListKindConflict", "\(goQuote(listKind)) is already in use")
        }
        if let conflict {
            set(&status, type: "NamesAccepted", status: "False", reason: conflict.reason, message: conflict.message, now: now)
            set(&status, type: "Established", status: "False", reason: "NotAccepted", message: "not all names are accepted", now: now)
        } else {
            status.acceptedNames = names
            set(&status, type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found", now: now)
            set(&status, type: "Established", status: "True", reason: "InitialNamesAccepted",
                message: "the initial names have been accepted", now: now)
        }
        return status
    }

    private static func set(
        _ status: inout ApiextensionsV1.CustomResourceDefinitionStatus, type: String, status value: String,
        reason: String, message: String, now: Time
    ) {
        var conditions = status.conditions ?? []
        let previous = conditions.firstIndex { $0.type == type }
        let transition = previous.flatMap { conditions[$0].status == value ? conditions[$0].lastTransitionTime : nil } ?? now
        let condition = ApiextensionsV1.CustomResourceDefinitionCondition(
            lastTransitionTime: transition, message: message, reason: reason, status: value, type: type)
        if let previous { conditions[previous] = condition } else { conditions.append(condition) }
        status.conditions = conditions
    }
}
