"""Throughput of the Python package against the CLI, and of the Spark example.

    python crates/python/bench/figures.py --dyad target/release/dyad [--sentences 20000] [--runs 5] [--spark]

Needs the package built with `maturin develop --release` and a release
`dyad` binary. Each run is a pair, in alternating order: `dyad code CORPUS
--format jsonl > /dev/null`, then the same file read, parsed and coded by
`Coder().code_many` in this process (dictionary load included on both
sides). With --spark it then times examples/spark/code_corpus.py in
local[2] on the same corpus. Figures are medians; docs/scale.md has them.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time

import dyad

REPO = pathlib.Path(__file__).resolve().parents[3]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="dyad Python and Spark throughput")
    parser.add_argument("--dyad", default=str(REPO / "target" / "release" / "dyad"), help="release dyad binary")
    parser.add_argument("--sentences", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--spark", action="store_true", help="also time the Spark example in local[2]")
    return parser.parse_args()


def write_corpus(binary: str, sentences: int, path: pathlib.Path) -> tuple:
    """(documents, sentences) of the corpus `dyad bench` generates."""
    said = subprocess.run([binary, "bench", "--sentences", str(sentences), "--write-corpus", path], check=True, capture_output=True, text=True).stdout
    found = re.search(r"wrote (\d+) documents, (\d+) sentences", said)
    if found is None:
        raise SystemExit(f"unexpected output from dyad bench: {said!r}")
    return int(found[1]), int(found[2])


def time_cli(binary: str, corpus: pathlib.Path) -> tuple:
    """(wall seconds, CPU seconds) of `dyad code`."""
    cpu_before = children_cpu()
    started = time.perf_counter()
    subprocess.run([binary, "code", corpus, "--format", "jsonl"], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started, children_cpu() - cpu_before


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_python(corpus: pathlib.Path) -> tuple:
    """(wall seconds, CPU seconds, events) for reading, loading the
    dictionaries and coding."""
    cpu_before = time.process_time()
    started = time.perf_counter()
    docs = [json.loads(line) for line in corpus.read_text().splitlines()]
    events = dyad.Coder().code_many(docs)
    return time.perf_counter() - started, time.process_time() - cpu_before, len(events)


def time_spark(corpus: pathlib.Path, output: pathlib.Path) -> float:
    """Seconds the example reports for reading, coding and writing (the JVM
    start is not in them)."""
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "SPARK_LOCAL_IP": "127.0.0.1"}
    example = REPO / "examples" / "spark" / "code_corpus.py"
    command = [sys.executable, example, "--master", "local[2]", "--input", corpus, "--output", output, "--partitions", "4"]
    said = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stderr
    found = re.search(r"code_corpus: \d+ events .* in ([\d.]+) s", said)
    if found is None:
        raise SystemExit(f"the Spark example did not report its time:\n{said[-2000:]}")
    return float(found[1])


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus = pathlib.Path(folder) / "corpus.jsonl"
        documents, sentences = write_corpus(args.dyad, args.sentences, corpus)
        print(f"corpus: {documents} documents, {sentences} sentences; {os.cpu_count()} cores; {args.runs} paired runs")
        cli, python, ratios, cpu_ratios, events = [], [], [], [], 0
        for run in range(args.runs):
            if run % 2 == 0:
                c, c_cpu = time_cli(args.dyad, corpus)
                p, p_cpu, events = time_python(corpus)
            else:
                p, p_cpu, events = time_python(corpus)
                c, c_cpu = time_cli(args.dyad, corpus)
            cli.append(c)
            python.append(p)
            ratios.append(c / p)
            cpu_ratios.append(c_cpu / p_cpu)
            print(f"  run {run + 1}: dyad code {c:.2f} s ({c_cpu:.2f} s CPU), code_many {p:.2f} s ({p_cpu:.2f} s CPU), ratio {c / p:.2f}")
        c, p = statistics.median(cli), statistics.median(python)
        print(f"dyad code      {sentences / c:10.0f} sentences/s  (median {c:.2f} s)")
        print(f"code_many      {sentences / p:10.0f} sentences/s  (median {p:.2f} s, {events} events)")
        print(f"code_many / dyad code throughput: median of pairs {statistics.median(ratios):.2f} wall, {statistics.median(cpu_ratios):.2f} per CPU second")
        if args.spark:
            s = time_spark(corpus, pathlib.Path(folder) / "events")
            print(f"spark local[2] {sentences / s:10.0f} sentences/s  ({s:.2f} s read + code + write)")
            print(f"  overhead over code_many: {(s - p) / documents * 1000:.1f} ms per document, {(s - p) / events * 1e6:.0f} us per event")


if __name__ == "__main__":
    main()
