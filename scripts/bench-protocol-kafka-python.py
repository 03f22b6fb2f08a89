#!/usr/bin/env python3
"""kafka-python side of scripts/bench-protocol.sh.

Reads the JSON lines kafka-protocol-bench printed (stdin), decodes the same bytes with kafka-python's
protocol classes, checks that kafka-python sees the same content and re-encodes it to the same bytes,
and prints a markdown table with the side-by-side ratio.
"""
import json
import statistics
import sys
import time

try:
    import kafka
    from kafka.protocol.metadata import MetadataResponse
    from kafka.protocol.admin import DescribeConfigsResponse
except ImportError:
    print("SKIPPED: kafka-python is not installed (pip install kafka-python); Swift figures only.")
    kafka = None

CLASSES = {"MetadataResponse": "MetadataResponse", "DescribeConfigsResponse": "DescribeConfigsResponse"}


def timed(runs, body):
    """Median and min wall time and min thread CPU time of `runs` calls; results stay referenced so freeing
    them is not timed (as on the Swift side)."""
    samples = []
    cpu = []
    results = []
    for _ in range(runs):
        start = time.perf_counter()
        cpu_start = time.thread_time()
        result = body()
        cpu.append(time.thread_time() - cpu_start)
        samples.append(time.perf_counter() - start)
        results.append(result)
    return statistics.median(samples), min(samples), min(cpu), results[-1]


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rows = [json.loads(line) for line in sys.stdin if line.startswith("{")]
    print(f"| payload | bytes | Swift encode (median / min) | Swift decode (median / min) | Swift decode MB/s "
          f"| kafka-python decode (median / min) | kafka-python MB/s | decode ratio (medians) "
          f"| CPU-time decode Swift / kafka-python (min) | CPU-time ratio | same bytes re-encoded |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        size = row["bytes"]
        swift = (f"{row['encode_median_s'] * 1000:.1f} / {row['encode_min_s'] * 1000:.1f} ms",
                 f"{row['decode_median_s'] * 1000:.1f} / {row['decode_min_s'] * 1000:.1f} ms",
                 f"{row['decode_mb_s']:.0f}")
        python_cells = ("n/a", "n/a", "n/a", "n/a", "n/a", "n/a")
        if kafka is not None:
            cls = MetadataResponse if row["message"] == "MetadataResponse" else DescribeConfigsResponse
            data = open(row["file"], "rb").read()
            version = row["version"]
            median, minimum, cpu_minimum, decoded = timed(runs, lambda: cls.decode(data, version=version))
            count = len(decoded.topics) if row["message"] == "MetadataResponse" else len(decoded.results)
            expected = 10000 if row["message"] == "MetadataResponse" else 1000
            if count != expected:
                raise SystemExit(f"kafka-python decoded {count} entries from {row['name']}, expected {expected}")
            decoded._header = None  # kafka-python 3.0 leaves it unset on decode, and encode() reads it
            same = decoded.encode(version=version) == data
            python_cells = (f"{median * 1000:.0f} / {minimum * 1000:.0f} ms", f"{size / 1e6 / median:.1f}",
                            f"{median / row['decode_median_s']:.0f}x",
                            f"{row['decode_cpu_min_s'] * 1000:.1f} / {cpu_minimum * 1000:.0f} ms",
                            f"{cpu_minimum / row['decode_cpu_min_s']:.0f}x", "yes" if same else "NO")
        print(f"| {row['name']} v{row['version']} | {size:,} | {swift[0]} | {swift[1]} | {swift[2]} | "
              f"{python_cells[0]} | {python_cells[1]} | {python_cells[2]} | {python_cells[3]} | {python_cells[4]} | {python_cells[5]} |")
    if kafka is not None:
        print(f"\nkafka-python {kafka.__version__}, {runs} runs; Swift: release build, runs as printed by the bench.")


if __name__ == "__main__":
    main()
