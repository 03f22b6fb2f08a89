import Testing
@testable import KubernetesClient

