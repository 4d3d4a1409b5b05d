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


def test_flat_rows_carry_the_event_location(coder):
    events = coder.code_many(DOCS)
    located = [(e, dyad.flatten_event(e)) for e in events if e["location"] is not None]
    assert located, "no event of DOCS has a location"
    for event, row in located:
        assert {k: row[f"location_{k}"] for k in event["location"]} == event["location"]
    unlocated = [dyad.flatten_event(e) for e in events if e["location"] is None]
    assert all(row[c] is None for row in unlocated for c in dyad.EVENT_COLUMNS if c.startswith("location_"))


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


def test_parse_gives_each_sentence_its_tree(coder):
    text = "Moscow suspended talks with Kyiv. Protesters clashed with police."
    sentences = coder.parse(text)
    assert [s["index"] for s in sentences] == [0, 1]
    for sentence in sentences:
        assert text[sentence["start"]:sentence["end"]] == sentence["text"]
        tokens = sentence["tokens"]
        assert [t["id"] for t in tokens] == list(range(1, len(tokens) + 1))
        assert all(text[t["start"]:t["end"]] == t["text"] for t in tokens)
        assert [t["head"] for t in tokens].count(0) == 1
        assert all(0 <= t["head"] <= len(tokens) for t in tokens)
    words = {t["text"]: t for t in sentences[0]["tokens"]}
    assert (words["suspended"]["upos"], words["suspended"]["deprel"], words["suspended"]["head"]) == ("VERB", "root", 0)
    assert (words["Moscow"]["deprel"], words["Moscow"]["head"]) == ("nsubj", words["suspended"]["id"])
    assert words["Moscow"]["xpos"] == "NNP"


def test_parse_offsets_count_characters_and_indexes_match_events(coder):
    text = "Café owners protested in Zürich. Moscow suspended talks with Kyiv on Friday."
    sentences = coder.parse(text)
    assert all(text[t["start"]:t["end"]] == t["text"] for s in sentences for t in s["tokens"])
    event = next(e for e in coder.code(text, date="2025-09-12") if e["cameo"] == "164")
    (talks,) = [s for s in sentences if s["index"] == event["sentence_index"]]
    assert talks["text"] == event["sentence"]


def test_parse_equals_the_cli_conllu(coder, tmp_path):
    binary = cli_binary()
    if binary is None:
        pytest.skip("no dyad binary (set DYAD_BIN or run cargo build)")
    text = "The Kremlin said on Friday that it cannot resume talks. Kyiv's envoy we're told left."
    out = subprocess.run([binary, "parse", "--text", text], check=True, capture_output=True, text=True).stdout
    rows = [line.split("\t") for line in out.splitlines() if line and not line.startswith("#")]
    cli = [(r[1], r[3], r[4], int(r[6]), r[7], r[9]) for r in rows]
    mine = [
        (t["text"], t["upos"], t["xpos"], t["head"], t["deprel"], f"TokenRange={t['start']}:{t['end']}")
        for s in coder.parse(text)
        for t in s["tokens"]
    ]
    assert mine == cli


def test_parse_rejects_empty_text(coder):
    with pytest.raises(dyad.InputError, match=r'field "text" is empty'):
        coder.parse("  ")
