"""The full comparison of a corpus as DataFrames, and its report folder."""

from __future__ import annotations

import io
import json
import os
from typing import Optional

import pandas as pd

from . import _native
from .corpus import Corpus

# The report folder's CSV tables, by the name a Report gives each.
_TABLES = {
    "outlets": "outlets.csv",
    "profiles": "profiles.csv",
    "keyness": "keyness.csv",
    "similarity": "similarity.csv",
    "alignment": "alignment.csv",
    "substitutions": "substitutions.csv",
    "concepts": "concepts.csv",
    "quotes": "quotes.csv",
    "attribution": "attribution.csv",
    "matches": "matches.csv",
    "entities": "entities.csv",
    "actor_labels": "actor_labels.csv",
}


class Report:
    """What ``framelens.compare`` found, per event and across events.

    Each table is a DataFrame with the columns of the report folder's CSV
    file of the same name (``docs/report-schema.md``), every event's rows
    together, the first column naming the event. ``findings`` gives every
    plain-language finding; ``events`` the ``report.json`` content of each
    event; ``summary`` the corpus summary's (two events or more).
    """

    def __init__(self, native: _native.Report):
        self._native = native
        self._frames: dict[str, pd.DataFrame] = {}

    def __repr__(self) -> str:
        return f"<framelens.Report: {len(self.event_ids)} events; tables: {', '.join(_TABLES)}, findings>"

    @property
    def event_ids(self) -> list[str]:
        return self._native.events()

    @property
    def warnings(self) -> list[str]:
        return self._native.warnings()

    @property
    def events(self) -> dict[str, dict]:
        """Each event's ``report.json`` content, by event id."""
        return {e: json.loads(self._native.event_json(i)) for i, e in enumerate(self.event_ids)}

    @property
    def summary(self) -> Optional[dict]:
        """The corpus summary's ``report.json`` content, or None (one event)."""
        s = self._native.summary_json()
        return json.loads(s) if s is not None else None

    def table(self, name: str) -> pd.DataFrame:
        """One table of every event (``keyness``, ``quotes``, ...)."""
        if name not in _TABLES:
            raise KeyError(f"no table {name!r}; tables: {', '.join(_TABLES)}")
        if not self._frames:
            parts: dict[str, list[pd.DataFrame]] = {n: [] for n in _TABLES}
            by_file = {f: n for n, f in _TABLES.items()}
            for i in range(len(self.event_ids)):
                for file, rows in self._native.tables(i):
                    if file in by_file:
                        parts[by_file[file]].append(pd.read_json(io.StringIO(rows), orient="records", dtype=False))
            for n, frames in parts.items():
                frames = [f for f in frames if len(f)]
                self._frames[n] = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        return self._frames[name]

    def __getattr__(self, name: str):
        if name in _TABLES:
            return self.table(name)
        raise AttributeError(name)

    @property
    def findings(self) -> pd.DataFrame:
        """Every finding in plain words, with its event, strongest first
        within each event (as the reports list them)."""
        rows = []
        for event, report in self.events.items():
            for rank, f in enumerate(report.get("findings", []), start=1):
                text = f if isinstance(f, str) else f.get("text", "")
                rows.append({"event": event, "rank": rank, "finding": text})
        return pd.DataFrame.from_records(rows, columns=["event", "rank", "finding"])

    def write(self, out: str | os.PathLike, force: bool = False) -> str:
        """Write what ``framelens compare --out OUT`` writes (per-event folders,
        the summary, the index), whole or not at all. A folder that an earlier
        run did not write is refused unless ``force``. Returns the closing
        message."""
        return self._native.write(os.fspath(out), force)


def compare(corpus: Corpus, no_clean: bool = False, event_limit: Optional[int] = None) -> Report:
    """Compare every event of ``corpus`` as ``framelens compare`` does."""
    return Report(_native.compare(corpus._native, no_clean, event_limit))
