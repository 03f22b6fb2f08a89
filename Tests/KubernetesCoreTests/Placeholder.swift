import Testing
@testable import KubernetesCore

