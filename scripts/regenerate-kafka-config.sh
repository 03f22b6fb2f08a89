#!/usr/bin/env bash
# Regenerates Sources/KafkaAdmin/Generated/KafkaConfigUpdateMode+Table.swift from ../shared/kafka-config.
set -euo pipefail
cd "$(dirname "$0")/.."
shared="${CAPSTAN_SHARED:-../shared}"
input="${1:-$shared/kafka-config/broker-configs.json}"
output="${2:-Sources/KafkaAdmin/Generated/KafkaConfigUpdateMode+Table.swift}"
swift build --product kafka-config-gen >/dev/null
"$(swift build --show-bin-path)/kafka-config-gen" "$input" "$output"
