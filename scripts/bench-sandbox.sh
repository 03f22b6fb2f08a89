#!/usr/bin/env bash
# Benchmark of the sandbox with 10 KafkaClusters of 6 nodes each (3 controllers + 3 brokers, one namespace
# per cluster), simulated start delays set to zero. Prints:
#   1. time to all Ready and the peak RSS of the whole sandbox process (API server + nodes + Kafka + operator);
#   2. the operator alone: `capstan operator` as its own process against `capstan sandbox --api-only`
#      (no Kafka there, so the clusters wait for their quorum), its peak RSS once it has created and
#      cached every object of the 10 clusters, and its reconcile-time histogram from /metrics.
# Needs a release build (built here unless CAPSTAN is set), /usr/bin/time, kubectl and curl. Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
# CAPSTAN=path/to/release/capstan skips the build.
if [ -z "${CAPSTAN:-}" ]; then
    swift build -c release --product capstan >/dev/null
fi
capstan=${CAPSTAN:-.build/release/capstan}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

for i in $(seq 0 9); do
    sed -e "s/^metadata:/metadata:\n  namespace: bench-$i/" examples/quickstart.yaml
    echo "---"
done > "$work/ten-clusters.yaml"

echo "== sandbox: 10 clusters x 6 nodes, start delay 0"
/usr/bin/time -v "$capstan" sandbox --until-ready --timeout 600 --start-delay-ms 0 \
    --kubeconfig "$work/sandbox.kubeconfig" --summary "$work/sandbox.json" "$work/ten-clusters.yaml" \
    >"$work/sandbox.out" 2>"$work/sandbox.time"
grep -E "Everything is Ready after" "$work/sandbox.out"
grep -E "Maximum resident set size|User time|System time|Elapsed" "$work/sandbox.time"

echo "== operator alone (own process) managing the same 10 clusters"
"$capstan" sandbox --api-only --kubeconfig "$work/api.kubeconfig" >"$work/api.out" 2>&1 &
for _ in $(seq 1 100); do grep -q "listening" "$work/api.out" 2>/dev/null && break; sleep 0.1; done
"$capstan" crds | kubectl --kubeconfig "$work/api.kubeconfig" apply --server-side -f - >/dev/null
# (kubectl create namespace sends protobuf, which the in-memory server does not speak; apply sends JSON.)
for i in $(seq 0 9); do printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: bench-%s}\n---\n' "$i"; done |
    kubectl --kubeconfig "$work/api.kubeconfig" apply --server-side -f - >/dev/null
/usr/bin/time -v "$capstan" operator --kubeconfig "$work/api.kubeconfig" --metrics-address 127.0.0.1:18080 \
    --log-level warning 2>"$work/operator.time" &
sleep 2
kubectl --kubeconfig "$work/api.kubeconfig" apply --server-side -f "$work/ten-clusters.yaml" >/dev/null
# Let every cluster be created and settle into its waiting state (polled by the operator every 2 s).
sleep 20
curl -s 127.0.0.1:18080/metrics | grep -E '^controller_runtime_reconcile_time_seconds_(bucket|count|sum)' || true
pkill -INT -f "capstan operator --kubeconfig $work/api.kubeconfig" || true
wait %2 2>/dev/null || true
grep -E "Maximum resident set size|User time|System time" "$work/operator.time"
