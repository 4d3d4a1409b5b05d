"""Code a news corpus with dyad on Apache Spark.

Reads documents (Parquet, or JSON Lines: one {"id", "date", "text", "url",
"title"} object a line, only "text" required), codes them with mapInPandas
(one dyad.Coder per Python worker, loaded once) and writes the events as
Parquet partitioned by month (``month=2025-09``, ``month=undated``).

    spark-submit --archives dyad-env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python \\
        examples/spark/code_corpus.py --input corpus.parquet --output events/ --partitions 64

(dyad-env.tar.gz is a packed virtual environment with the dyad wheel
installed: a wheel with native code cannot be imported from --py-files.)

On a laptop, with the wheel installed: ``python examples/spark/code_corpus.py
--master 'local[*]' --input docs.jsonl --output events/``. docs/scale.md has
both set-ups and the figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Iterator, List, Optional

# Spark types of dyad.EVENT_COLUMNS; the rest are strings.
_INTEGER_COLUMNS = {
    "sentence_index", "source_start", "source_end", "target_start", "target_end", "action_start", "action_end", "mentions",
    "location_start", "location_end", "location_geonames_id",
}
_DOUBLE_COLUMNS = {"goldstein", "location_lat", "location_lon"}
_TYPES = {
    "quad_class": "int",
    "headline": "boolean",
    **{c: "double" for c in _DOUBLE_COLUMNS},
    **{c: "bigint" for c in _INTEGER_COLUMNS},
}
_DOCUMENT_COLUMNS = ["id", "date", "text", "url", "title"]


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", required=True, help="Parquet file or folder, or JSON Lines (.jsonl/.json)")
    parser.add_argument("--input-format", choices=["auto", "parquet", "json"], default="auto")
    parser.add_argument("--output", required=True, help="folder for the events (Parquet, partitioned by month)")
    parser.add_argument("--partitions", type=int, help="repartition the documents into this many tasks")
    parser.add_argument("--dict", dest="dict_dir", help="dictionary folder laid over the built-in ones (on every worker)")
    parser.add_argument("--threads", type=int, default=1, help="dyad threads per Python worker (Spark already runs one worker per core)")
    parser.add_argument("--master", help="Spark master when run without spark-submit, e.g. local[2]")
    return parser.parse_args(argv)


def event_schema() -> str:
    """The Spark DDL of the output rows: dyad.EVENT_COLUMNS, url, month."""
    import dyad

    columns = [f"{c} {_TYPES.get(c, 'string')}" for c in dyad.EVENT_COLUMNS]
    return ", ".join(columns + ["url string", "month string"])


def code_batches(batches: Iterator, dict_dir: Optional[str], threads: int) -> Iterator:
    """mapInPandas body: each pandas batch of documents -> its events."""
    import dyad

    coder = dyad.shared_coder(dict_dir)
    for docs in batches:
        events = coder.code_frame(docs, threads=threads, errors="skip")
        urls = dict(zip(docs["id"], docs["url"])) if "url" in docs.columns else {}
        # Plain Python strings: pandas' Arrow-backed strings can reach Spark
        # as chunked arrays, which its Arrow writer refuses.
        events["url"] = [urls.get(doc_id) for doc_id in events["doc_id"]]
        events["month"] = [date[:7] if isinstance(date, str) else "undated" for date in events["date"]]
        events = events.astype({"url": object, "month": object})
        yield events.astype({c: "Int64" for c in _INTEGER_COLUMNS})


def read_documents(spark, path: str, input_format: str):
    """The corpus with the document columns it has, dates as strings and an
    id on every document (generated where the corpus has none)."""
    from pyspark.sql import functions as F

    if input_format == "auto":
        input_format = "json" if path.endswith((".jsonl", ".json", ".jsonl.gz", ".json.gz")) else "parquet"
    if input_format == "json":
        docs = spark.read.schema(", ".join(f"{c} string" for c in _DOCUMENT_COLUMNS)).json(path)
    else:
        docs = spark.read.parquet(path)
    if "text" not in docs.columns:
        raise SystemExit(f"{path}: no text column (columns: {', '.join(docs.columns)})")
    if "id" not in docs.columns:
        docs = docs.withColumn("id", F.monotonically_increasing_id().cast("string"))
    return docs.select([F.col(c).cast("string") for c in _DOCUMENT_COLUMNS if c in docs.columns])


def main(argv: Optional[List[str]] = None) -> int:
    from pyspark.sql import SparkSession

    args = parse_args(argv)
    builder = SparkSession.builder.appName("dyad code_corpus")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    started = time.perf_counter()
    docs = read_documents(spark, args.input, args.input_format)
    if args.partitions:
        docs = docs.repartition(args.partitions)
    dict_dir, threads = args.dict_dir, args.threads
    events = docs.mapInPandas(lambda batches: code_batches(batches, dict_dir, threads), schema=event_schema())
    events.write.mode("overwrite").partitionBy("month").parquet(args.output)
    seconds = time.perf_counter() - started
    written = spark.read.parquet(args.output).count()
    print(f"code_corpus: {written} events from {args.input} to {args.output} in {seconds:.1f} s", file=sys.stderr)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
