/// KubernetesCore: apimachinery types, the Resource protocol and pure request builders. No I/O.
public enum KubernetesCore {}
