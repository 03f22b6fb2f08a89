#!/usr/bin/env bash
# Regenerates every committed generated file from ../shared and fails if the result differs from
# what is committed. Skips (visibly) when ../shared is absent, so a fresh machine without it still works.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${CAPSTAN_SHARED:-../shared}"
if [ ! -d "$shared" ]; then
  echo "SKIPPED: $shared is absent; generated code was not checked for drift."
  exit 0
fi
# --- k8s-model-gen: Sources/KubernetesModels/Generated from $shared/kubernetes/openapi-v3 ---
check_k8s_models() {
  local regenerated status=0
  regenerated="$(mktemp -d)"
  swift run --quiet k8s-model-gen "$shared/kubernetes/openapi-v3" "$regenerated" >/dev/null
  if ! diff -rq "$regenerated" Sources/KubernetesModels/Generated >/dev/null; then
    echo "DRIFT: these generated files differ from what k8s-model-gen produces from $shared/kubernetes/openapi-v3:" >&2
    diff -rq "$regenerated" Sources/KubernetesModels/Generated | sed "s|$regenerated|<regenerated>|g" >&2 || true
    echo "Fix: swift run k8s-model-gen $shared/kubernetes/openapi-v3 Sources/KubernetesModels/Generated, review, commit." >&2
    status=1
  else
    echo "k8s-model-gen: Sources/KubernetesModels/Generated is up to date."
  fi
  rm -rf "$regenerated"
  return "$status"
}
check_k8s_models

# Go zero-value struct fields (KubernetesTesting managedFields of creates): regenerate and compare.
zero_tmp="$(mktemp)"
python3 scripts/generate-go-zero-values.py "$shared/kubernetes/openapi-v3" "$zero_tmp"
if ! diff -u Sources/KubernetesTesting/Patching/Generated/GoZeroValue+StructFields.swift "$zero_tmp"; then
  rm -f "$zero_tmp"
  echo "DRIFT: Sources/KubernetesTesting/Patching/Generated/GoZeroValue+StructFields.swift differs from what scripts/generate-go-zero-values.py makes of $shared/kubernetes/openapi-v3."
  echo "       Run python3 scripts/generate-go-zero-values.py $shared/kubernetes/openapi-v3 Sources/KubernetesTesting/Patching/Generated/GoZeroValue+StructFields.swift and commit."
  exit 1
fi
rm -f "$zero_tmp"
echo "Go zero-value struct fields: no drift"

# Kafka protocol codecs: regenerate into a temp dir and compare with the committed files.
kafka_tmp="$(mktemp -d)"
trap 'rm -rf "$kafka_tmp"' EXIT
bash scripts/regenerate-kafka-protocol.sh "$shared/kafka-protocol" "$kafka_tmp/codecs" "$kafka_tmp/samples" >/dev/null
kafka_drift=0
diff -ru Sources/KafkaProtocol/Generated "$kafka_tmp/codecs" || kafka_drift=1
diff -ru Tests/KafkaProtocolTests/Generated "$kafka_tmp/samples" || kafka_drift=1
if [ "$kafka_drift" -ne 0 ]; then
  echo "DRIFT: the committed Kafka protocol code differs from what kafka-protocol-gen makes of $shared/kafka-protocol."
  echo "       Run scripts/regenerate-kafka-protocol.sh and commit the result (never edit Generated/ by hand)."
  exit 1
fi
echo "Kafka protocol codecs: no drift"

# Broker config update modes (KafkaAdmin): regenerate into a temp file and compare.
config_tmp="$(mktemp)"
bash scripts/regenerate-kafka-config.sh "$shared/kafka-config/broker-configs.json" "$config_tmp" >/dev/null
if ! diff -u Sources/KafkaAdmin/Generated/KafkaConfigUpdateMode+Table.swift "$config_tmp"; then
  rm -f "$config_tmp"
  echo "DRIFT: Sources/KafkaAdmin/Generated/KafkaConfigUpdateMode+Table.swift differs from what kafka-config-gen makes of $shared/kafka-config."
  echo "       Run scripts/regenerate-kafka-config.sh and commit the result."
  exit 1
fi
rm -f "$config_tmp"
echo "Broker config update modes: no drift"
