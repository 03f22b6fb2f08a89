/// KubernetesModels: generated built-in Kubernetes types (see Generators/k8s-model-gen).
public enum KubernetesModels {}
