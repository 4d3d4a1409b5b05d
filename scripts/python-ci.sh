#!/usr/bin/env bash
# CI for the Python package (crates/python) and the Spark example: builds the
# wheel with maturin into a fresh virtual environment under target/, runs
# the pytest suite (which runs examples/spark/code_corpus.py in local[2] and
# compares its Parquet output with `dyad code`). Everything it installs comes
# from PyPI and Debian; nothing is cached outside target/.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

if ! command -v python3 >/dev/null 2>&1; then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3 python3-venv
fi
# Spark needs a Java runtime; without one the Spark tests skip with a message.
if ! command -v java >/dev/null 2>&1; then
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q default-jre-headless; } ||
        echo "python-ci: could not install Java (default-jre-headless): the Spark tests will skip"
fi

venv=target/python-ci/venv
rm -rf target/python-ci
python3 -m venv "$venv"
"$venv/bin/pip" install -q --no-cache-dir --upgrade pip
# pyspark 4.3 warns that it does not yet fully support pandas 3.
"$venv/bin/pip" install -q --no-cache-dir "maturin>=1.9.4,<2" pytest "pandas<3" pyarrow pyspark
echo "python-ci: tools installed in $((SECONDS - started)) s"

# A debug wheel reuses what `cargo test --workspace` compiled.
cargo build -q -p dyad-cli
"$venv/bin/maturin" build -q -m crates/python/Cargo.toml -o target/python-ci/wheels
"$venv/bin/pip" install -q --no-cache-dir target/python-ci/wheels/dyad-*.whl
echo "python-ci: wheel built and installed after $((SECONDS - started)) s"

status=0
DYAD_BIN="$PWD/target/debug/dyad" "$venv/bin/python" -m pytest -q -rs crates/python/tests || status=$?
echo "python-ci: finished in $((SECONDS - started)) s"
if [ "$status" -eq 5 ]; then
    # pytest's 5: it collected no test at all, which is a broken suite.
    echo "python-ci: pytest collected no test in crates/python/tests"
fi
exit "$status"
