import KubernetesCore

/// KubernetesModels: the built-in Kubernetes types Capstan uses, generated from the Kubernetes OpenAPI
/// documents by Generators/k8s-model-gen (see docs/kubernetes-models.md), with their schema metadata.
public enum KubernetesModels {}

/// The schema metadata of the generated types (`KubernetesSchemas.builtIn`).
public enum KubernetesSchemas {}
