// k8s-model-gen: being written; see its issue.
print("k8s-model-gen: not written yet")
