"""dyad: code news text into CAMEO/PLOVER political events.

>>> import dyad
>>> coder = dyad.Coder()
>>> events = coder.code("Moscow suspended talks with Kyiv on Friday.", date="2025-09-12")

Each event is a dict with the fields of dyad's JSON Lines output (see the
project README, "Output"). Coding runs in Rust with the GIL released;
``code_many`` uses every core.
"""

from __future__ import annotations

import functools
from typing import Any, Optional

from dyad._dyad import Coder as _Coder
from dyad._dyad import DictionaryError, InputError, __version__
from dyad.frame import EVENT_COLUMNS, flatten_event

__all__ = ["Coder", "DictionaryError", "InputError", "EVENT_COLUMNS", "actors_lookup", "flatten_event", "shared_coder", "__version__"]


class Coder(_Coder):
    """A loaded coder: ``Coder(dict_dir=None, builtin=True)``.

    ``dict_dir`` is a dictionary directory laid over the built-in
    dictionaries (the CLI's ``--dict``); with ``builtin=False`` it is used
    alone (``--no-builtin``). Broken dictionary files raise
    :class:`DictionaryError` naming every ``file:line``.
    """

    def code_frame(
        self,
        df: Any,
        text: str = "text",
        date: str = "date",
        id: str = "id",
        title: str = "title",
        threads: Optional[int] = None,
        errors: str = "raise",
    ) -> Any:
        """Codes the rows of a pandas DataFrame; returns a DataFrame of events.

        ``text``, ``date``, ``id`` and ``title`` name the columns to read
        (all but ``text`` may be absent from ``df``); ``threads`` and
        ``errors`` are those of :meth:`code_many`. Events are flat rows with the
        columns :data:`EVENT_COLUMNS`; nested fields become
        ``source_code``, ``action_text`` and so on. Needs pandas.
        """
        import pandas as pd

        return pd.DataFrame(
            [flatten_event(e) for e in self.code_many(frame_documents(df, text, date, id, title), threads=threads, errors=errors)],
            columns=EVENT_COLUMNS,
        )


def frame_documents(df: Any, text: str, date: str, id: str, title: str):
    """The rows of ``df`` as document dicts; missing values become None."""
    import pandas as pd

    columns = {"text": text, "date": date, "id": id, "title": title}
    present = {key: name for key, name in columns.items() if name in df.columns}
    if "text" not in present:
        raise KeyError(f"the DataFrame has no text column {text!r}")
    for values in zip(*(df[name] for name in present.values())):
        yield {key: (None if _missing(pd, v) else v) for key, v in zip(present, values)}


def _missing(pd: Any, value: Any) -> bool:
    return not isinstance(value, (list, dict)) and bool(pd.isna(value))


@functools.lru_cache(maxsize=8)
def shared_coder(dict_dir: Optional[str] = None, builtin: bool = True) -> Coder:
    """One Coder per process and dictionary set, loaded on first use: what
    each Spark Python worker calls, so it loads the dictionaries once and not
    once per task."""
    return Coder(dict_dir=dict_dir, builtin=builtin)


def actors_lookup(name: str, date: Any = None, coder: Optional[_Coder] = None) -> list:
    """How ``name`` resolves on ``date`` (a ``YYYY-MM-DD`` string or a date):
    one dict per actor with code, name, dictionary entry, role and role noun,
    as ``dyad actors lookup`` prints them. Uses the built-in dictionaries
    unless a ``coder`` is given."""
    return (coder or shared_coder()).actors_lookup(name, date)
