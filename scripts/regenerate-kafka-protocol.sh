#!/usr/bin/env bash
# Regenerates the Kafka protocol codecs (Sources/KafkaProtocol/Generated) and their round-trip sample
# factories (Tests/KafkaProtocolTests/Generated) from the Kafka message specs in ../shared/kafka-protocol.
# Usage: scripts/regenerate-kafka-protocol.sh [spec dir] [codec output dir] [sample output dir]
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${CAPSTAN_SHARED:-../shared}"
spec_dir="${1:-$shared/kafka-protocol}"
codec_dir="${2:-Sources/KafkaProtocol/Generated}"
sample_dir="${3:-Tests/KafkaProtocolTests/Generated}"
swift build --product kafka-protocol-gen >/dev/null
"$(swift build --show-bin-path)/kafka-protocol-gen" "$spec_dir" "$codec_dir" --samples "$sample_dir"
