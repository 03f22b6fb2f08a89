/// KubernetesTesting: the in-memory API server, simulated nodes and test transports.
public enum KubernetesTesting {}
