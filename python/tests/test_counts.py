"""framelens.counts: learners, learned lines and count tables built per part,
shipped as bytes and merged in any order give the summary folder of
``compare --summary-only``, byte for byte; the Parquet export reads back
with the tables' totals."""

import json

import pytest

from conftest import ON_CI  # noqa: E402

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as e:  # pragma: no cover - .ci/run installs pyarrow
    if ON_CI:
        raise RuntimeError(f"CI=true but pyarrow is missing ({e}): .ci/run must install it") from e
    pytest.skip("framelens.counts needs pyarrow (pip install pyarrow)", allow_module_level=True)

import framelens  # noqa: E402
from framelens import counts  # noqa: E402

from summary_files import FAST, differences, single_summary  # noqa: E402


def _rows(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _parts(rows, cuts):
    """(first index, rows) of each part cut at ``cuts``."""
    bounds = [0, *cuts, len(rows)]
    return [(a, rows[a:b]) for a, b in zip(bounds, bounds[1:])]


def _sharded(rows, cuts, buckets=3):
    """Learn per part (through bytes), merge bucket by bucket, build the
    parts' tables (through bytes) and merge them in reverse order."""
    parts = _parts(rows, cuts)
    merged = {}
    for first, part in parts:
        learner = counts.Learner.from_bytes(counts.learn(part, origin=f"part {first}").to_bytes())
        for k, b in enumerate(learner.split(buckets)):
            if k in merged:
                merged[k].merge(b)
            else:
                merged[k] = b
    learned = counts.Learned()
    for b in merged.values():
        learned.merge(counts.Learned.from_bytes(b.finish().to_bytes()))
    tables = [
        counts.Tables.from_bytes(counts.build_tables(first, part, learned).to_bytes()) for first, part in parts
    ]
    return counts.merge(reversed(tables))


@pytest.mark.parametrize(
    "corpus, cuts",
    [
        ("basil/basil.jsonl", [1, 2, 100, 151, 161]),
        ("abp/abp_sample_3000.jsonl", [1, 997, 2001]),
    ],
)
def test_parts_merge_to_the_single_machine_summary(data, cli, tmp_path, corpus, cuts):
    want = single_summary(cli, data / corpus, tmp_path / "single")
    rows = _rows(data / corpus)
    tables = _sharded(rows, cuts)
    assert tables.parts == [0, *cuts]
    notes = tables.write_summary(tmp_path / "parts", **FAST)
    assert differences(want, tmp_path / "parts" / "summary") == []
    summary = json.loads((want / "report.json").read_text(encoding="utf-8"))
    assert tables.summary(**FAST) == summary
    assert notes == summary["notes"]


def test_learned_lines_are_those_of_one_learner(data):
    rows = _rows(data / "abp" / "abp_sample_3000.jsonl")[:1200]
    whole = counts.learn(rows).finish()
    assert len(whole) > 0
    merged = counts.learn(rows[:500])
    merged.merge(counts.learn(rows[500:]))
    assert len(merged.finish()) == len(whole)
    union = counts.Learned()
    for b in counts.learn(rows).split(5):
        union.merge(b.finish())
    assert len(union) == len(whole)


def test_to_parquet_reads_back_with_the_tables_totals(data, tmp_path):
    rows = _rows(data / "basil" / "basil.jsonl")
    tables = _sharded(rows, [150])
    n = tables.to_parquet(tmp_path / "pq")
    docs = pq.read_table(tmp_path / "pq" / "documents.parquet")
    assert docs.num_rows == tables.documents == n["documents"] == 300
    header = json.loads((tmp_path / "pq" / "tables.json").read_text(encoding="utf-8"))
    assert header["parts"] == [0, 150]
    assert header["documents"] == 300
    summary = tables.summary(**FAST)
    # Token totals per outlet agree with the summary's outlet rows.
    by_outlet = docs.group_by("outlet").aggregate([("tokens_all", "sum"), ("tokens_own", "sum")]).to_pylist()
    tokens = {r["outlet"]: (r["tokens_all_sum"], r["tokens_own_sum"]) for r in by_outlet}
    assert set(tokens) == set(tables.outlets)
    assert sum(t for t, _ in tokens.values()) == sum(docs.column("tokens_all").to_pylist())
    # Term counts: the outlet column sums to the same total as any label
    # column that every document carries.
    terms = pq.read_table(tmp_path / "pq" / "terms.parquet").to_pylist()
    per_column = {}
    for r in terms:
        per_column[r["column"]] = per_column.get(r["column"], 0) + r["count"]
    assert per_column["outlet"] > 0
    assert per_column["label:relative_stance"] == per_column["outlet"]
    # Runs cover every document; BASIL's events are grouped, so one run
    # per event, and the one event cut at 150 has two runs.
    runs = pq.read_table(tmp_path / "pq" / "runs.parquet").to_pylist()
    assert sum(r["documents"] for r in runs) == 300
    assert len({r["event"] for r in runs}) == summary["events"] == 100
    cats = pq.read_table(tmp_path / "pq" / "categories.parquet")
    assert cats.num_rows > 0
    assert set(cats.column("part").to_pylist()) <= {0, 150}
    labels = docs.column("labels").to_pylist()
    assert all(dict(l).get("relative_stance") for l in labels)


def test_errors_are_framelens_errors(data):
    rows = _rows(data / "basil" / "basil.jsonl")[:9]
    learned = counts.learn(rows).finish()
    a = counts.build_tables(0, rows[:6], learned)
    with pytest.raises(framelens.FramelensError, match="part 0"):
        a.merge(counts.build_tables(0, rows[6:], learned))
    with pytest.raises(framelens.FramelensError, match="not a framelens count-table file"):
        counts.Tables.from_bytes(b"not tables")
    with pytest.raises(framelens.FramelensError, match="damaged"):
        counts.Tables.from_bytes(a.to_bytes()[:40])
    with pytest.raises(framelens.FramelensError, match="not a framelens boilerplate learner"):
        counts.Learner.from_bytes(learned.to_bytes())
    with pytest.raises(framelens.FramelensError, match=r"DataFrame:2: missing field `outlet`"):
        counts.learn([{"text": "a", "outlet": "x"}, {"text": "b"}])
    with pytest.raises(KeyError, match="no column 'body'"):
        counts.learn(rows, text="body")


def test_pandas_and_arrow_documents_give_the_same_tables(data):
    import pandas as pd

    rows = _rows(data / "abp" / "abp_sample_3000.jsonl")[:200]
    learned = counts.learn(rows).finish()
    a = counts.build_tables(0, rows, learned)
    flat = [{k: v for k, v in r.items() if k not in ("labels", "meta")} | r["labels"] for r in rows]
    b = counts.build_tables(0, pd.DataFrame(flat), learned)
    c = counts.build_tables(0, pa.Table.from_pylist(flat), learned)
    assert a.summary(**FAST) == b.summary(**FAST) == c.summary(**FAST)
