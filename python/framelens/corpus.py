"""Corpora: read from a path as the command line reads it, or built from a
pandas DataFrame with the JSONL reader's field rules."""

from __future__ import annotations

import json
import os
import datetime as _dt
from typing import Iterable, Mapping, Optional, Union

import pandas as pd

from . import _native

# Document fields in the order ``to_pandas`` gives them; labels follow.
_FIELDS = [
    "id",
    "outlet",
    "outlet_name",
    "event",
    "title",
    "date",
    "language",
    "url",
    "source",
    "text",
]


Where = Union[str, Iterable[str], Mapping[str, object], None]
Day = Union[str, _dt.date, None]
Events = Union[str, Iterable[str], None]


def _conditions(where: Where) -> list[str]:
    """``where`` as the CLI's ``FIELD=VALUE`` / ``FIELD!=VALUE`` strings: a
    string, a list of strings, or a dict ``{field: value}`` (a list of
    values for one field keeps any of them)."""
    if where is None:
        return []
    if isinstance(where, str):
        return [where]
    if isinstance(where, Mapping):
        out = []
        for field, value in where.items():
            values = value if isinstance(value, (list, tuple, set, frozenset)) else [value]
            for v in values:
                if isinstance(v, bool):
                    v = "true" if v else "false"
                out.append(f"{field}={v}")
        return out
    return [str(w) for w in where]


def _day(value: Day) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _events(events: Events) -> Optional[list[str]]:
    if events is None:
        return None
    if isinstance(events, str):
        return [events]
    return [str(e) for e in events]


class Corpus:
    """Documents as read, before cleaning, held by the Rust library.

    Every measure cleans (learning each outlet's boilerplate over the whole
    corpus) and analyses the documents in their own language, as the
    command line does.
    """

    def __init__(self, native: _native.Corpus):
        self._native = native

    def __len__(self) -> int:
        return len(self._native)

    def __repr__(self) -> str:
        return (
            f"<framelens.Corpus: {len(self)} documents, "
            f"{len(self.outlets)} outlets, {len(self.events)} events>"
        )

    @property
    def outlets(self) -> list[str]:
        """Outlet ids, sorted."""
        return self._native.outlets()

    @property
    def events(self) -> list[str]:
        """Event ids, sorted (``""`` for documents without one)."""
        return self._native.events()

    @property
    def warnings(self) -> list[str]:
        """What reading warned about (skipped records in lenient mode)."""
        return self._native.warnings

    def to_pandas(self) -> pd.DataFrame:
        """The documents, one row each: the document fields, then one column
        per label (other fields of the input, such as ``lean``)."""
        records = json.loads(self._native.records_json())
        rows = []
        for r in records:
            labels = r.pop("labels", {}) or {}
            row = {k: r.get(k) for k in _FIELDS}
            for k, v in labels.items():
                row.setdefault(k, v)
            rows.append(row)
        df = pd.DataFrame.from_records(rows)
        label_cols = [c for c in df.columns if c not in _FIELDS]
        return df[_FIELDS + label_cols] if len(df) else df

    @property
    def filter_report(self) -> Optional[dict]:
        """What the last filter kept (``documents_read``, ``documents_kept``,
        and how many each rule left out), or ``None`` without a filter."""
        return json.loads(self._native.filter_report_json())

    def filter(
        self,
        mask=None,
        *,
        where: Where = None,
        since: Day = None,
        until: Day = None,
        events: Events = None,
    ) -> "Corpus":
        """The documents where ``mask`` (a boolean sequence in document
        order, such as ``corpus.to_pandas()["lean"] == "right"``) is true
        and that the filters keep, with the command line's semantics
        (``--where``, ``--since``, ``--until``, ``--events``; see
        :func:`read`)."""
        corpus = self
        if mask is not None:
            values = list(mask)
            if len(values) != len(self):
                raise ValueError(f"mask has {len(values)} values for {len(self)} documents")
            keep = [i for i, m in enumerate(values) if bool(m)]
            corpus = Corpus(self._native.select(keep))
        if where is None and since is None and until is None and events is None:
            return corpus
        return Corpus(corpus._native.filtered(_conditions(where), _day(since), _day(until), _events(events)))


def read(
    path: str | os.PathLike,
    lenient: bool = False,
    allow_outside_files: bool = False,
    *,
    where: Where = None,
    since: Day = None,
    until: Day = None,
    events: Events = None,
) -> Corpus:
    """Read a folder with ``manifest.toml``, a ``.jsonl`` (or ``.jsonl.gz``)
    or a ``.csv`` file, exactly as ``framelens compare`` reads it.

    ``lenient`` skips bad records (listed in ``Corpus.warnings``) instead of
    stopping at the first; ``allow_outside_files`` lets a manifest name files
    outside its folder. Bad input raises ``FramelensError`` naming the file
    and line.

    The filters are the command line's ``--where``, ``--since``, ``--until``
    and ``--events``: ``where`` is ``"FIELD=VALUE"`` / ``"FIELD!=VALUE"``, a
    list of them, or a dict ``{"outlet": ["fox", "nyt"], "lean": "right"}``
    (values of one field OR-ed, fields AND-ed); ``since`` / ``until`` are
    ``"YYYY-MM-DD"`` or ``datetime.date`` on the ``date`` field, inclusive
    (documents without a readable date are left out and counted in
    ``warnings``); ``events`` is a list of event ids, ``"id1,id2"`` or
    ``"@events.txt"``. An unknown field, a bad date or a filter that keeps
    nothing raises ``FramelensError``.
    """
    return Corpus(
        _native.read(
            os.fspath(path),
            lenient,
            allow_outside_files,
            _conditions(where),
            _day(since),
            _day(until),
            _events(events),
        )
    )


def from_pandas(
    df: pd.DataFrame,
    text: str = "text",
    outlet: str = "outlet",
    event: Optional[str] = "event_id",
    id: Optional[str] = None,
    outlet_name: Optional[str] = None,
    title: Optional[str] = None,
    date: Optional[str] = None,
    language: Optional[str] = None,
) -> Corpus:
    """A corpus from a DataFrame, one document per row.

    The arguments name the columns holding each field (``event=None``: no
    events, all rows are compared as one event). Every other column becomes
    a label, as extra fields of a JSONL file do. Ids default to the row
    number (from 1). Each row is read as one line of a JSONL file would be,
    so a missing text or outlet raises ``FramelensError`` naming the row.
    """
    rename = {text: "text", outlet: "outlet"}
    for column, field in [
        (event, "event_id"),
        (id, "id"),
        (outlet_name, "outlet_name"),
        (title, "title"),
        (date, "date"),
        (language, "language"),
    ]:
        if column is not None:
            rename[column] = field
    missing = [c for c in rename if c not in df.columns]
    # The event column is optional when left at its default name.
    if event == "event_id" and "event_id" in missing:
        missing.remove("event_id")
        del rename["event_id"]
    if missing:
        raise KeyError(f"DataFrame has no column {missing[0]!r} (columns: {', '.join(map(str, df.columns))})")
    # Columns that would collide with a field after renaming stay labels
    # under a prefixed name rather than overwrite the field.
    clashes = {c: f"label_{c}" for c in df.columns if c not in rename and c in rename.values()}
    frame = df.rename(columns={**clashes, **rename})
    frame.columns = [str(c) for c in frame.columns]
    records = frame.to_json(orient="records", date_format="iso", force_ascii=False)
    return Corpus(_native.Corpus.from_records_json(records, "DataFrame"))
