"""Flat event rows for tables (pandas, Parquet, Spark): one column per leaf
of the JSON Lines contract, nested names joined with ``_``."""

from __future__ import annotations

from typing import Any, Dict, List

_ACTOR = ["code", "country", "sector", "name", "text", "start", "end"]
_LOCATION = ["name", "text", "start", "end", "country", "adm1", "lat", "lon", "geonames_id", "feature", "precision"]

#: The columns of :meth:`Coder.code_frame` and of the Spark example's
#: Parquet output, in order.
EVENT_COLUMNS: List[str] = (
    ["doc_id", "sentence_index", "sentence", "date", "date_precision"]
    + [f"source_{k}" for k in _ACTOR]
    + [f"target_{k}" for k in _ACTOR]
    + ["cameo", "root", "quad_class", "goldstein", "plover_type", "plover_mode", "plover_context"]
    + ["action_text", "action_start", "action_end", "modality"]
    + ["quote_speaker_code", "quote_speaker_name", "quote_text", "mentions", "headline"]
    + [f"location_{k}" for k in _LOCATION]
)


def flatten_event(event: Dict[str, Any]) -> Dict[str, Any]:
    """One event dict (or JSON line, parsed) as a flat row of
    :data:`EVENT_COLUMNS`; an absent actor, PLOVER category, quote or
    location gives None in its columns."""
    quote = event.get("quote") or {}
    row = {key: event[key] for key in ("doc_id", "sentence_index", "sentence", "date", "date_precision")}
    row.update(_prefixed("source", event.get("source"), _ACTOR))
    row.update(_prefixed("target", event.get("target"), _ACTOR))
    row.update({key: event[key] for key in ("cameo", "root", "quad_class", "goldstein")})
    row.update(_prefixed("plover", event.get("plover"), ["type", "mode", "context"]))
    row.update(_prefixed("action", event.get("action"), ["text", "start", "end"]))
    row["modality"] = event["modality"]
    row.update(_prefixed("quote_speaker", quote.get("speaker"), ["code", "name"]))
    row["quote_text"] = quote.get("text")
    row["mentions"] = event["mentions"]
    row["headline"] = event["headline"]
    row.update(_prefixed("location", event.get("location"), _LOCATION))
    return row


def _prefixed(prefix: str, part: Any, keys: List[str]) -> Dict[str, Any]:
    part = part or {}
    return {f"{prefix}_{k}": part.get(k) for k in keys}
