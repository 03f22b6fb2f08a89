#!/usr/bin/env bash
# Decode benchmark of the generated Kubernetes models (release build of Benchmarks/k8s-decode-bench):
# a 1,000-Pod list (target <= 120 ms) and one Pod watch event. Extra arguments go to the benchmark,
# e.g. scripts/bench-k8s-decode.sh --runs 50 --pods 5000
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"
swift build -c release --product k8s-decode-bench
"$(swift build -c release --show-bin-path)/k8s-decode-bench" "$@"
