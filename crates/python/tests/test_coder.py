"""The Python package against the JSON Lines contract and the CLI's rules.

Run with `pytest crates/python/tests` after `maturin develop` or
`pip install ./crates/python`. The CLI comparison needs the `dyad` binary
(DYAD_BIN, or target/debug/dyad built by `cargo build`) and skips without it.
"""

import datetime
import json
import os
import pathlib
import subprocess
import threading

import pytest

import dyad

REPO = pathlib.Path(__file__).resolve().parents[3]

# The fields of one event in README "Output" (crates/events/src/event.rs).
CONTRACT = {
    "doc_id", "sentence_index", "sentence", "date", "date_precision", "source", "target", "cameo", "root",
    "quad_class", "goldstein", "plover", "action", "modality", "quote", "mentions", "headline", "location",
}

TALKS = "Moscow suspended talks with Kyiv on Friday."
DOCS = [
    {"id": "a1", "date": "2025-09-12", "text": TALKS},
    {"id": "a2", "date": "2025-09-11", "text": "Trump warned Russia of new sanctions. The Kremlin did not withdraw its delegation."},
    {"id": "a3", "text": "Protesters clashed with police in Nairobi on Tuesday.", "title": "Clashes in Nairobi"},
]


@pytest.fixture(scope="module")
def coder():
    return dyad.Coder()


def test_code_returns_the_contract_fields(coder):
    events = coder.code(TALKS, date="2025-09-12", id="d1")
    assert len(events) == 1
    event = events[0]
    assert set(event) == CONTRACT
    assert (event["doc_id"], event["date"], event["cameo"]) == ("d1", "2025-09-12", "164")
    assert (event["source"]["code"], event["target"]["code"]) == ("RUSGOV", "UKRGOV")
    assert event["modality"] == "asserted"


def test_a_date_object_codes_as_its_iso_string(coder):
    assert coder.code(TALKS, date=datetime.date(2025, 9, 12)) == coder.code(TALKS, date="2025-09-12")


def test_goldstein_scores_are_the_json_numbers(coder):
    events = coder.code("Trump warned Russia of new sanctions.", date="2025-09-11")
    assert [e["goldstein"] for e in events] == [-5.8]


def test_a_bad_date_raises_the_cli_message(coder):
    with pytest.raises(dyad.InputError, match=r'date "12/09/2025" is not YYYY-MM-DD'):
        coder.code(TALKS, date="12/09/2025")


def test_empty_text_is_an_input_error(coder):
    with pytest.raises(dyad.InputError, match=r'field "text" is empty'):
        coder.code("   ")


def test_code_many_equals_code_one_by_one(coder):
    one_by_one = [e for d in DOCS for e in coder.code(d["text"], date=d.get("date"), id=d["id"], title=d.get("title"))]
    assert coder.code_many(DOCS) == one_by_one
    assert coder.code_many(iter(DOCS), threads=1) == one_by_one


def test_code_many_names_the_bad_document(coder):
    docs = [DOCS[0], {"id": "x"}, DOCS[1]]
    with pytest.raises(dyad.InputError, match=r'docs\[1\]: missing required field "text"'):
        coder.code_many(docs)
    with pytest.warns(UserWarning, match=r"docs\[1\]"):
        events = coder.code_many(docs, errors="skip")
    assert {e["doc_id"] for e in events} == {"a1", "a2"}


def test_code_many_rejects_what_is_not_a_document(coder):
    with pytest.raises(dyad.InputError, match=r"docs\[0\]: expected a dict, got str"):
        coder.code_many([TALKS])
    with pytest.raises(dyad.InputError, match=r'docs\[0\]: field "id" must be a string or a number'):
        coder.code_many([{"id": [1], "text": TALKS}])
    with pytest.raises(ValueError, match="threads must be at least 1"):
        coder.code_many(DOCS, threads=0)
    with pytest.raises(ValueError, match='errors must be "raise" or "skip"'):
        coder.code_many(DOCS, errors="ignore")


def test_a_document_without_id_is_named_by_its_position(coder):
    events = coder.code_many([{"text": "x"}, {"text": TALKS, "date": "2025-09-12"}])
    assert [e["doc_id"] for e in events] == ["docs:1"]


def test_code_many_runs_beside_other_python_threads(coder):
    # The GIL is released while coding: a Python thread keeps counting.
    counted = []
    stop = threading.Event()

    def count():
        while not stop.is_set():
            counted.append(1)

    worker = threading.Thread(target=count)
    worker.start()
    coder.code_many(DOCS * 300)
    stop.set()
    worker.join()
    assert len(counted) > 1000


def test_a_dictionary_directory_adds_actors(tmp_path):
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "mine.txt").write_text("Zorvathi Republic\n    code: UKR\n    names: Zorvath\n")
    events = dyad.Coder(dict_dir=tmp_path).code("Zorvath suspended talks with Moscow.", date="2025-09-12")
    assert [(e["source"]["code"], e["target"]["code"]) for e in events] == [("UKR", "RUSGOV")]


def test_a_broken_dictionary_names_file_and_line(tmp_path):
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "bad.txt").write_text("Nowhere Land\n    names: Nowhere\n")
    with pytest.raises(dyad.DictionaryError, match=r"bad\.txt:1"):
        dyad.Coder(dict_dir=tmp_path)
    with pytest.raises(ValueError, match="needs a dict_dir"):
        dyad.Coder(builtin=False)


def test_actors_lookup_gives_the_role_on_the_day():
    (found,) = dyad.actors_lookup("Zelenskyy", "2025-09-12")
    assert (found["code"], found["is_person"]) == ("UKRGOV", True)
    assert found["role"]["title"] == "President of Ukraine"
    assert dyad.actors_lookup("Qwzx Blorf") == []
    with pytest.raises(dyad.InputError, match="is not YYYY-MM-DD"):
        dyad.actors_lookup("Zelenskyy", "yesterday")


def test_flat_rows_have_every_column(coder):
    rows = [dyad.flatten_event(e) for e in coder.code_many(DOCS)]
    assert rows and all(list(r) == dyad.EVENT_COLUMNS for r in rows)
    talks = rows[0]
    assert (talks["source_code"], talks["plover_type"], talks["action_text"]) == ("RUSGOV", "SANCTION", "suspended talks with")


def test_code_frame_codes_a_dataframe(coder):
    pd = pytest.importorskip("pandas")
    df = pd.DataFrame(
        {"id": ["a1", "a2"], "date": [pd.Timestamp("2025-09-12"), None], "body": [TALKS, "Trump warned Russia of new sanctions."]}
    )
    events = coder.code_frame(df, text="body")
    assert list(events.columns) == dyad.EVENT_COLUMNS
    assert list(events["doc_id"]) == ["a1", "a2"]
    assert events["date"][0] == "2025-09-12" and pd.isna(events["date"][1])
    with pytest.raises(KeyError, match="no text column 'content'"):
        coder.code_frame(df, text="content")


def cli_binary():
    path = os.environ.get("DYAD_BIN") or REPO / "target" / "debug" / "dyad"
    return pathlib.Path(path) if pathlib.Path(path).exists() else None


def test_events_equal_the_cli_on_the_same_documents(coder, tmp_path):
    binary = cli_binary()
    if binary is None:
        pytest.skip("no dyad binary (set DYAD_BIN or run cargo build)")
    corpus = tmp_path / "docs.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in DOCS))
    out = subprocess.run([binary, "code", corpus, "--format", "jsonl"], check=True, capture_output=True, text=True).stdout
    cli = [json.loads(line) for line in out.splitlines()]
    assert cli and coder.code_many(DOCS) == cli
