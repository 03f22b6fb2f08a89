#!/usr/bin/env bash
# Runs the live-cluster contract suite (LiveClusterContractTests, normally skipped without KUBECONFIG)
# against `capstan sandbox --api-only`, through the kubeconfig the sandbox writes: the same path a run
# against a real cluster takes. Usage: scripts/live-contract-sandbox.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
swift build --product capstan
"$(swift build --show-bin-path)/capstan" sandbox --api-only --kubeconfig "$work/kubeconfig" >"$work/sandbox.log" 2>&1 &
sandbox=$!
trap 'kill "$sandbox" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
    [ -s "$work/kubeconfig" ] && break
    kill -0 "$sandbox" 2>/dev/null || { cat "$work/sandbox.log"; exit 1; }
    sleep 0.1
done
[ -s "$work/kubeconfig" ] || { echo "the sandbox wrote no kubeconfig"; cat "$work/sandbox.log"; exit 1; }
KUBECONFIG="$work/kubeconfig" swift test --filter LiveClusterContractTests
