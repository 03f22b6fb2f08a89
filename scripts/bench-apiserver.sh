#!/usr/bin/env bash
# In-memory API server benchmark (release build of Benchmarks/apiserver-bench), over real HTTP on
# 127.0.0.1: creates/s with 8 concurrent clients (target >= 2,000/s), a list of 10,000 objects, and
# watch fan-out to 20 watchers. Prints the machine load first: the figures depend on it.
# Extra arguments go to the benchmark (creates per client, default 2,500; add --tls for HTTPS).
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"
swift build -c release --product apiserver-bench
echo "machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"
"$(swift build -c release --show-bin-path)/apiserver-bench" "$@"
