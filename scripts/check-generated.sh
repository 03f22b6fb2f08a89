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
