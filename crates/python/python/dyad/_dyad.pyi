"""Type stubs of the native module (crates/python/src/lib.rs)."""

import datetime
from os import PathLike
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Union

__version__: str

DateLike = Union[str, datetime.date, None]

class DictionaryError(ValueError):
    """A dictionary file is broken; the message names file and line."""

class InputError(ValueError):
    """A document cannot be coded; the message names the document and the problem."""

class Coder:
    def __init__(self, dict_dir: Optional[Union[str, PathLike[str]]] = None, builtin: bool = True) -> None: ...
    def code(self, text: str, date: DateLike = None, id: Optional[str] = None, title: Optional[str] = None) -> List[Dict[str, Any]]:
        """Codes one text; returns its events as dicts (the JSON Lines contract)."""
    def code_many(
        self,
        docs: Iterable[Mapping[str, Any]],
        threads: Optional[int] = None,
        errors: Literal["raise", "skip"] = "raise",
    ) -> List[Dict[str, Any]]:
        """Codes document dicts on every core with the GIL released; events in document order."""
    def parse(self, text: str, title: Optional[str] = None) -> List[Dict[str, Any]]:
        """The dependency parse (UD v2), one dict per sentence: index, text, start, end and
        tokens, each with id, text, start, end, upos, xpos, head (0 for the root) and deprel."""
    def actors_lookup(self, name: str, date: DateLike = None) -> List[Dict[str, Any]]:
        """How a name resolves on a date: one dict per actor."""
