"""Keyness and lexicon scores as DataFrames, computed as the ``keyness``
and ``score`` commands compute them (same columns as their CSV)."""

from __future__ import annotations

import json
from typing import Optional, Sequence

import pandas as pd

from . import _native
from .corpus import Corpus

_KEYNESS_COLUMNS = ["term", "n_target", "n_reference", "rate_target", "rate_reference", "stat", "p", "q"]


def keyness(
    corpus: Corpus,
    target: str,
    reference: Sequence[str] = (),
    measure: str = "chi2",
    correction: str = "default",
    prior: Optional[Corpus] = None,
    alpha0: Optional[float] = None,
    voice: str = "all",
    top: Optional[int] = None,
    no_clean: bool = False,
) -> pd.DataFrame:
    """Words that set the ``target`` outlet apart from ``reference`` outlets
    (every other outlet by default), as quanteda's ``textstat_keyness``.

    ``measure``: chi2, lr, pmi, logratio or logodds (Monroe et al.'s
    log-odds with an informative Dirichlet prior: the pooled counts, or the
    counts of a background ``prior`` corpus). ``voice``: own, quoted or all.
    Rows are sorted by the statistic, most distinctive first; ``q`` is the
    Benjamini-Hochberg q-value over all rows.
    """
    rows = json.loads(
        _native.keyness(
            corpus._native,
            target,
            list(reference),
            measure,
            correction,
            prior._native if prior is not None else None,
            alpha0,
            voice,
            no_clean,
        )
    )
    df = pd.DataFrame.from_records(rows, columns=_KEYNESS_COLUMNS)
    return df.head(top) if top is not None else df


def score(
    corpus: Corpus,
    lexicon: str | Sequence[str] = (),
    unit: str = "document",
    voice: Optional[str] = None,
    resamples: int = 1000,
    seed: int = 42,
    matches: bool = False,
    no_clean: bool = False,
) -> pd.DataFrame:
    """Lexicon rates per document (or sentence, ``unit="sentence"``) and per
    outlet, own voice against quoted speech, with bootstrap intervals.

    ``lexicon``: built-in names (``loaded``, ``attribution``, ...), files as
    ``FORMAT=PATH`` (``toml=my.toml``, ``liwc=my.dic``), or ``vader`` for
    vaderSentiment's scores; all built-in lexicons by default. ``voice``:
    own, quoted or all; all three by default. ``matches=True`` returns every
    match (the words, where, which category) instead of the rates.
    """
    lexicons = [lexicon] if isinstance(lexicon, str) else list(lexicon)
    rows, found = _native.score(corpus._native, lexicons, unit, voice, resamples, seed, no_clean)
    if matches:
        if found is None:
            raise ValueError("matches=True lists lexicon matches; VADER gives scores only")
        return pd.DataFrame.from_records(json.loads(found))
    return pd.DataFrame.from_records(json.loads(rows))


_KWIC_COLUMNS = ["doc", "outlet", "event", "sentence", "start", "end", "pre", "keyword", "post", "pattern", "voice", "quote_kind", "speaker"]


def kwic(
    corpus: Corpus,
    terms: str | Sequence[str],
    window: int = 8,
    voice: str = "all",
    no_clean: bool = False,
) -> pd.DataFrame:
    """Keyword in context, as quanteda's ``kwic``: every occurrence of the
    terms (a word, a phrase, a ``*`` glob, ``stem:word``) with ``window``
    words on each side, its voice (own or quoted) and the quoted speaker."""
    patterns = [terms] if isinstance(terms, str) else list(terms)
    rows = json.loads(_native.kwic(corpus._native, patterns, window, voice, no_clean))
    return pd.DataFrame.from_records(rows, columns=_KWIC_COLUMNS)


def freq(
    corpus: Corpus,
    by: str = "outlet",
    voice: str = "all",
    content: bool = False,
    top: Optional[int] = None,
    no_clean: bool = False,
) -> pd.DataFrame:
    """Term frequencies by group, as quanteda's ``textstat_frequency``:
    ``group, term, frequency, rank, docfreq, rate`` (per 1,000 tokens of the
    group). ``by``: outlet, event, language, date or any label;
    ``content=True`` leaves out stop words and numbers."""
    rows = json.loads(_native.freq(corpus._native, by, voice, content, top, no_clean))
    return pd.DataFrame.from_records(rows, columns=["group", "term", "frequency", "rank", "docfreq", "rate"])
