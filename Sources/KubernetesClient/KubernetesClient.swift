/// KubernetesClient: transport, kubeconfig and the typed API.
public enum KubernetesClient {}
