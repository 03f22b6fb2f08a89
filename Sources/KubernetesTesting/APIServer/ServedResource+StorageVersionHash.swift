import Crypto
import Foundation

extension ServedResource {
    /// Discovery's `storageVersionHash`: the first 8 bytes of SHA-256 over `group/version/kind` of the
    /// version the object is stored in, base64 (apiserver's `discovery.StorageVersionHash`). Clients (the
    /// storage version migrator, kubectl's cache) compare it to notice a storage change.
    var storageVersionHash: String {
        let (group, version, kind) = storageGroupVersionKind
        let digest = SHA256.hash(data: Data("\(group)/\(version)/\(kind)".utf8))
        return Data(Array(digest).prefix(8)).base64EncodedString()
    }

    /// Where objects of this resource are stored: the CRD's storage version; core v1 for events.k8s.io
    /// Events (they cohabit with core Events); apiextensions still stores CRDs as v1beta1.
    private var storageGroupVersionKind: (String, String, String) {
        if let customStorageVersion { return (group, customStorageVersion, kind) }
        switch selectorKey {
        case "events.k8s.io/events": return ("", "v1", "Event")
        case "apiextensions.k8s.io/customresourcedefinitions": return (group, "v1beta1", kind)
        default: return (group, version, kind)
        }
    }
}
