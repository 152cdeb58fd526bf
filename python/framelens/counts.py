"""Count tables: the corpus summary of ``framelens compare --summary-only``
computed from a corpus cut into parts, on as many workers as you like.

A corpus too big for one process is cut into parts (shards, Spark
partitions), each part a contiguous run of the corpus in its order. Two
passes, as the command line makes over one file:

1. each part learns its outlets' repeated lines (:func:`learn`); the
   learners merge (:meth:`Learner.merge`, in any order, or bucket by bucket
   after :meth:`Learner.split`) and finish into :class:`Learned`
   boilerplate;
2. each part's documents are cleaned with what was learned and counted
   into :class:`Tables` (:func:`build_tables`); tables merge by addition in
   any order (:func:`merge`), and the merged tables give the summary
   (:meth:`Tables.write_summary` writes the folder the command line writes,
   byte for byte).

Learners, learned lines and tables serialise to bytes (``to_bytes`` /
``from_bytes``), so they can be shipped between machines; tables also
export to Parquet (:meth:`Tables.to_parquet`) for any engine. The Rust
library does every step; this module only converts documents. See
``docs/count-tables.md`` and ``docs/scale.md``.

>>> from framelens import counts
>>> learned = counts.learn(df).finish()
>>> tables = counts.merge([counts.build_tables(0, df[:150], learned),
...                        counts.build_tables(150, df[150:], learned)])
>>> tables.write_summary("out")
"""

from __future__ import annotations

import datetime as _dt
import decimal as _decimal
import json
import os
from typing import Iterable, Optional, Sequence

from . import _native
from ._native import Learned, Learner

__all__ = [
    "Learned",
    "Learner",
    "Tables",
    "build_tables",
    "learn",
    "merge",
    "records_json",
]

# The JSONL reader's field names, which the column arguments map onto.
_FIELD_ARGS = ("event", "id", "outlet_name", "title", "date", "language")
_FIELD_NAMES = {
    "event": "event_id",
    "id": "id",
    "outlet_name": "outlet_name",
    "title": "title",
    "date": "date",
    "language": "language",
}


def _json_default(value):
    """Values Arrow gives that JSON has no type for."""
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    raise TypeError(f"a value of type {type(value).__name__} cannot be a document field")


def _drop_nulls(value):
    """Nulls dropped from objects, at any depth: an Arrow or Spark schema is
    the union of every record's fields, so a null there means "absent",
    which is how the JSONL reader takes a ``null`` field too."""
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def _arrow_table(data):
    """A pyarrow Table of ``data``: a pandas DataFrame, a pyarrow Table or
    RecordBatch, or a list of dicts."""
    import pyarrow as pa

    if isinstance(data, pa.Table):
        return data
    if isinstance(data, pa.RecordBatch):
        return pa.Table.from_batches([data])
    if isinstance(data, list):
        return pa.Table.from_pylist(data)
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        pd = None
    if pd is not None and isinstance(data, pd.DataFrame):
        return pa.Table.from_pandas(data, preserve_index=False)
    raise TypeError(
        f"documents must be a pandas DataFrame, a pyarrow Table or RecordBatch, or a list of dicts, not {type(data).__name__}"
    )


def records_json(
    data,
    text: str = "text",
    outlet: str = "outlet",
    event: Optional[str] = "event_id",
    id: Optional[str] = None,
    outlet_name: Optional[str] = None,
    title: Optional[str] = None,
    date: Optional[str] = None,
    language: Optional[str] = None,
    labels: Optional[Sequence[str]] = None,
    exclude: Sequence[str] = (),
) -> str:
    """The documents of ``data`` as a JSON array of records, each read by
    the library like one line of a JSONL file.

    The arguments name the columns holding each field, as in
    :func:`framelens.from_pandas`; ``labels`` lists the columns kept as
    labels (``None``: every other column), ``exclude`` columns left out
    (such as an ordering column). A column named like a field it does not
    hold stays a label as ``label_NAME``. Null values are left out at any
    depth (see :func:`_drop_nulls`).
    """
    table = _arrow_table(data)
    columns = list(table.column_names)
    rename = {text: "text", outlet: "outlet"}
    args = {
        "event": event,
        "id": id,
        "outlet_name": outlet_name,
        "title": title,
        "date": date,
        "language": language,
    }
    for arg in _FIELD_ARGS:
        if args[arg] is not None:
            rename[args[arg]] = _FIELD_NAMES[arg]
    missing = [c for c in rename if c not in columns]
    # The event column is optional when left at its default name.
    if event == "event_id" and "event_id" in missing:
        missing.remove("event_id")
        del rename["event_id"]
    if missing:
        raise KeyError(f"the documents have no column {missing[0]!r} (columns: {', '.join(columns)})")
    excluded = set(exclude)
    keep = []
    names = []
    for c in columns:
        if c in excluded:
            continue
        if c in rename:
            keep.append(c)
            names.append(rename[c])
        elif labels is None or c in labels:
            keep.append(c)
            # A column that would collide with a field stays a label.
            names.append(f"label_{c}" if c in rename.values() else c)
    rows = table.select(keep).rename_columns(names).to_pylist()
    return json.dumps(
        [_drop_nulls(r) for r in rows],
        ensure_ascii=False,
        default=_json_default,
    )


def learn(data, *, no_clean: bool = False, origin: str = "DataFrame", **columns) -> Learner:
    """The boilerplate learner of one part's documents (``data`` as
    :func:`records_json` takes it, with its column arguments). Merge the
    learners of every part, then :meth:`Learner.finish`. ``origin`` names
    the part in error messages (``DataFrame:12`` for its twelfth row)."""
    return _native.learn_part(records_json(data, **columns), origin, no_clean)


def build_tables(
    part: int,
    data,
    learned: Learned,
    *,
    no_clean: bool = False,
    event_limit: Optional[int] = None,
    origin: str = "DataFrame",
    **columns,
) -> "Tables":
    """The count tables of one part: its documents (in corpus order)
    cleaned with the boilerplate ``learned`` over the whole corpus.

    ``part`` places the part in the corpus: parts are ordered by it, and
    the documents of an event that ends one part and starts the next are
    joined when the tables merge, so it must grow with the corpus order
    (the index of the part's first document does). Each part is merged
    once. ``event_limit`` is ``--event-limit`` (events with more documents
    get no similarity or substitutions)."""
    if part < 0:
        raise ValueError(f"part must be at least 0, not {part}")
    native = _native.build_tables(part, records_json(data, **columns), origin, learned, no_clean, event_limit)
    return Tables(native)


def merge(tables: Iterable["Tables"]) -> "Tables":
    """Tables of every part merged into one (in any order)."""
    it = iter(tables)
    try:
        first = next(it)
    except StopIteration:
        raise ValueError("no tables to merge") from None
    merged = Tables(_native.Tables.from_bytes(first.to_bytes()))
    for t in it:
        merged.merge(t)
    return merged


class Tables:
    """The count tables of one part of a corpus, or of several merged: per
    document the counts the corpus tests permute, per grouping column and
    value the content-term counts, and the runs of each event's documents
    (see ``docs/count-tables.md``)."""

    def __init__(self, native: _native.Tables):
        self._native = native

    def __repr__(self) -> str:
        return f"<framelens.counts.Tables: {self.documents} documents, {len(self.parts)} parts>"

    @classmethod
    def from_bytes(cls, data: bytes) -> "Tables":
        """Tables from :meth:`to_bytes` (the bytes of an ``.flc`` file)."""
        return cls(_native.Tables.from_bytes(bytes(data)))

    @classmethod
    def read(cls, path: str | os.PathLike) -> "Tables":
        """Tables from an ``.flc`` file."""
        with open(path, "rb") as f:
            return cls.from_bytes(f.read())

    def to_bytes(self) -> bytes:
        """The tables as ``.flc`` bytes (``FLCT``, version, zlib JSON)."""
        return self._native.to_bytes()

    def write(self, path: str | os.PathLike) -> None:
        """Write the tables as an ``.flc`` file."""
        with open(path, "wb") as f:
            f.write(self.to_bytes())

    def merge(self, other: "Tables") -> None:
        """Fold in the tables of other parts (each part once)."""
        self._native.merge(other._native)

    @property
    def documents(self) -> int:
        """Documents with words counted."""
        return self._native.documents

    @property
    def empty(self) -> int:
        """Documents left out with no words after cleaning."""
        return self._native.empty

    @property
    def parts(self) -> list[int]:
        """The parts folded in, sorted."""
        return self._native.parts

    @property
    def outlets(self) -> list[str]:
        """The outlets of every document read, sorted."""
        return self._native.outlets

    def summary(
        self,
        no_clean: bool = False,
        *,
        resamples: Optional[int] = None,
        permutations: Optional[int] = None,
        seed: Optional[int] = None,
    ) -> dict:
        """The corpus summary (``summary/report.json``'s content) of these
        tables, which must hold every part of the corpus. ``resamples``,
        ``permutations`` and ``seed`` are the command line's options
        (default: its defaults)."""
        return json.loads(self._native.summary_json(no_clean, resamples, permutations, seed))

    def write_summary(
        self,
        out: str | os.PathLike,
        *,
        no_clean: bool = False,
        force: bool = False,
        resamples: Optional[int] = None,
        permutations: Optional[int] = None,
        seed: Optional[int] = None,
    ) -> list[str]:
        """Write ``out/summary/`` exactly as ``framelens compare
        --summary-only --out out`` writes it (``report.json``, ``.md``,
        ``.html``, the CSV tables, the charts), whole or not at all. An
        existing ``out`` is replaced only if a framelens run wrote it, or
        with ``force``. Returns the summary's notes (events left without
        similarity, empty documents). ``resamples``, ``permutations`` and
        ``seed`` are the command line's options."""
        return self._native.write_summary(os.fspath(out), no_clean, force, resamples, permutations, seed)

    def to_parquet(self, directory: str | os.PathLike) -> dict:
        """Write the tables as Parquet files any engine reads (schema in
        ``docs/count-tables.md``): ``documents.parquet`` (one row per
        document with words), ``categories.parquet`` (its non-zero lexicon
        category counts), ``terms.parquet`` (content-term counts per
        grouping column and value), ``runs.parquet`` (each event's runs of
        consecutive documents) and ``tables.json`` (the header: format,
        version, parts, outlets, categories). Returns the row counts.

        Parquet is for reading the counts elsewhere; the summary is computed
        from the tables themselves (``.flc``), which also keep what the
        event-level measures need."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        directory = os.fspath(directory)
        os.makedirs(directory, exist_ok=True)
        n = self._native
        u64 = pa.uint64()
        d = n.document_columns()
        labels = [list(zip(k, v)) for k, v in zip(d["label_names"], d["label_values"])]
        sentences = [
            [{"annotated": a, "tokens": t, "loaded": l} for a, t, l in zip(sa, st, sl)]
            for sa, st, sl in zip(d["sentence_annotated"], d["sentence_tokens"], d["sentence_loaded"])
        ]
        sentence_type = pa.list_(pa.struct([("annotated", pa.bool_()), ("tokens", u64), ("loaded", u64)]))
        documents = pa.table(
            {
                "part": pa.array(d["part"], u64),
                "index": pa.array(d["index"], u64),
                "event": pa.array(d["event"], pa.string()),
                "outlet": pa.array(d["outlet"], pa.string()),
                "tokens_own": pa.array(d["tokens_own"], u64),
                "tokens_quoted": pa.array(d["tokens_quoted"], u64),
                "tokens_all": pa.array(d["tokens_all"], u64),
                "labels": pa.array(labels, pa.map_(pa.string(), pa.string())),
                "sentences": pa.array(sentences, sentence_type),
            }
        )
        c = n.category_columns()
        categories = pa.table(
            {
                "part": pa.array(c["part"], u64),
                "index": pa.array(c["index"], u64),
                "lexicon": pa.array(c["lexicon"], pa.string()),
                "category": pa.array(c["category"], pa.string()),
                "own": pa.array(c["own"], u64),
                "quoted": pa.array(c["quoted"], u64),
                "all": pa.array(c["all"], u64),
            }
        )
        t = n.term_columns()
        terms = pa.table(
            {
                "column": pa.array(t["column"], pa.string()),
                "value": pa.array(t["value"], pa.string()),
                "term": pa.array(t["term"], pa.string()),
                "count": pa.array(t["count"], u64),
            }
        )
        r = n.run_columns()
        runs = pa.table(
            {
                "event": pa.array(r["event"], pa.string()),
                "first_part": pa.array(r["first_part"], u64),
                "first_index": pa.array(r["first_index"], u64),
                "last_part": pa.array(r["last_part"], u64),
                "last_index": pa.array(r["last_index"], u64),
                "documents": pa.array(r["documents"], u64),
                "status": pa.array(r["status"], pa.string()),
                "bounded": pa.array(r["bounded"], pa.bool_()),
                "substitution_pairs": pa.array(r["substitution_pairs"], u64),
                "kept_documents": pa.array(r["kept_documents"], u64),
            }
        )
        out = {
            "documents": documents,
            "categories": categories,
            "terms": terms,
            "runs": runs,
        }
        for name, table in out.items():
            pq.write_table(table, os.path.join(directory, f"{name}.parquet"))
        header = {
            "format": "framelens-count-tables-parquet",
            "version": 1,
            "parts": n.parts,
            "outlets": n.outlets,
            "documents": n.documents,
            "empty": n.empty,
            "event_limit": n.event_limit,
            "categories": [{"lexicon": lex, "category": cat} for lex, cat in n.categories],
            "dropped_columns": n.dropped_columns,
        }
        with open(os.path.join(directory, "tables.json"), "w", encoding="utf-8") as f:
            json.dump(header, f, ensure_ascii=False, indent=2)
            f.write("\n")
        return {name: table.num_rows for name, table in out.items()}
