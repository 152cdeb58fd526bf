"""framelens: how different news outlets word the same event.

The Rust library computes every measure; this package converts its results
into pandas DataFrames and scipy sparse matrices. Column names are those of
the command line's CSV tables and of ``report.json`` (see
``docs/report-schema.md``), so a notebook and a shell script read the same
columns.

>>> import framelens
>>> corpus = framelens.read("seeds")
>>> framelens.keyness(corpus, target="rt", measure="logodds").head()
"""

from ._native import FramelensError, __version__
from .compare import Report, compare
from .corpus import Corpus, from_pandas, read
from .dtm import CountVectorizer, dtm
from .measures import freq, keyness, kwic, score
from .tfidf import TfidfVectorizer

__all__ = [
    "Corpus",
    "CountVectorizer",
    "Report",
    "compare",
    "dtm",
    "FramelensError",
    "TfidfVectorizer",
    "__version__",
    "freq",
    "from_pandas",
    "keyness",
    "kwic",
    "read",
    "score",
]
