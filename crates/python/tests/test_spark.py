"""The Spark example (examples/spark/code_corpus.py) in local[2] against
`dyad code` on the same generated corpus: the same events.

Skips without pyspark, Java or the dyad binary (DYAD_BIN, or target/debug/dyad
built by `cargo build`); scripts/python-ci.sh installs all three.
"""

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

import dyad

REPO = pathlib.Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "examples" / "spark" / "code_corpus.py"
UNDATED = {"id": "undated-1", "text": "Protesters clashed with police in Nairobi on Tuesday."}


def dyad_binary() -> pathlib.Path:
    path = pathlib.Path(os.environ.get("DYAD_BIN") or REPO / "target" / "debug" / "dyad")
    if not path.exists():
        pytest.skip(f"no dyad binary at {path} (set DYAD_BIN or run cargo build)")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A generated corpus (`dyad bench --write-corpus`) plus one undated
    document, as JSON Lines and as Parquet with urls."""
    pytest.importorskip("pyspark")
    pd = pytest.importorskip("pandas")
    if shutil.which("java") is None:
        pytest.skip("no java on PATH (install default-jre-headless)")
    folder = tmp_path_factory.mktemp("spark")
    jsonl = folder / "docs.jsonl"
    subprocess.run([dyad_binary(), "bench", "--sentences", "800", "--write-corpus", jsonl], check=True, capture_output=True)
    with jsonl.open("a") as out:
        out.write(json.dumps(UNDATED) + "\n")
    # From the parsed lines, not read_json: its dtype=str turns a missing
    # date into the string "nan".
    docs = pd.DataFrame([json.loads(line) for line in jsonl.read_text().splitlines()])
    docs["url"] = "https://example.org/news/" + docs["id"]
    parquet = folder / "docs.parquet"
    docs.to_parquet(parquet)
    return jsonl, parquet


def run_example(input_path: pathlib.Path, output: pathlib.Path) -> None:
    # SPARK_LOCAL_IP keeps the driver and its workers on the loopback.
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable, "PYSPARK_DRIVER_PYTHON": sys.executable, "SPARK_LOCAL_IP": "127.0.0.1"}
    command = [sys.executable, EXAMPLE, "--master", "local[2]", "--input", input_path, "--output", output, "--partitions", "4"]
    subprocess.run(command, check=True, env=env, timeout=600)


def spark_rows(output: pathlib.Path) -> list:
    import pyarrow.parquet as pq

    return pq.read_table(output).to_pylist()


def cli_rows(jsonl: pathlib.Path) -> list:
    out = subprocess.run([dyad_binary(), "code", jsonl, "--format", "jsonl"], check=True, capture_output=True, text=True).stdout
    return [dyad.flatten_event(json.loads(line)) for line in out.splitlines()]


def canonical(rows: list) -> list:
    return sorted(json.dumps({c: r[c] for c in dyad.EVENT_COLUMNS}, sort_keys=True) for r in rows)


def test_spark_parquet_events_equal_dyad_code(corpus, tmp_path):
    jsonl, parquet = corpus
    run_example(parquet, tmp_path / "events")
    rows = spark_rows(tmp_path / "events")
    expected = cli_rows(jsonl)
    assert len(expected) > 100
    assert canonical(rows) == canonical(expected)
    assert all(r["url"] == "https://example.org/news/" + r["doc_id"] for r in rows)
    assert {r["month"] for r in rows} == {(r["date"] or "undated")[:7] for r in rows}
    assert "undated" in {r["month"] for r in rows}


def test_spark_reads_json_lines_too(corpus, tmp_path):
    jsonl, _ = corpus
    run_example(jsonl, tmp_path / "events")
    assert canonical(spark_rows(tmp_path / "events")) == canonical(cli_rows(jsonl))
