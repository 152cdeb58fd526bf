"""framelens on Apache Spark: the corpus summary of ``framelens compare
--summary-only`` from a Spark DataFrame of documents, equal byte for byte
to the single-machine run on the same documents in the same order.

The job (see ``docs/scale.md`` for why it is built this way):

1. **Order.** Each document gets its place in the corpus: the ``order``
   column, or, without one, the DataFrame's own order
   (``monotonically_increasing_id``, which follows the partitions of a file
   read in order). Given ``partitions`` or ``order``, the documents are
   range-partitioned on it and sorted within partitions, so each partition
   is a contiguous stretch of the corpus and the smallest place in it
   numbers it (the count tables' part id: parts sort by it, and an event
   cut by a partition boundary is joined when the tables merge).
2. **Pass 1**, per partition (``mapInArrow``): the boilerplate learner of
   its documents, cut into ``buckets`` by line hash; ``reduceByKey`` merges
   each bucket over all partitions on the executors and finishes it, and
   the driver joins the buckets' learned lines (small: only the lines that
   recur) and broadcasts them.
3. **Pass 2**, per partition (``mapInArrow``): the partition's count
   tables (``.flc`` bytes), merged by Spark's ``treeReduce``.
4. **On the driver**: the summary from the merged tables, written as the
   command line writes ``out/summary/``.

Executors need framelens (and pyarrow) installed in the Python that Spark
starts for them (``PYSPARK_PYTHON``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional, Sequence

from . import _native
from .counts import Tables, records_json

__all__ = ["SummaryRun", "summary", "count_tables"]

#: The column the job adds for the documents' places when none is given.
ORDER_COLUMN = "__framelens_order"


@dataclass
class SummaryRun:
    """What :func:`summary` did."""

    #: The merged count tables (every partition's).
    tables: Tables
    #: The summary's notes (events left without similarity, empty documents).
    notes: list
    #: Partitions the documents were counted in (empty ones included).
    partitions: int
    #: Bytes of the partitions' serialised tables before merging, summed.
    table_bytes: int
    #: Bytes of the merged tables.
    merged_bytes: int
    #: Bytes of the learners' buckets sent to the merge, summed.
    learner_bytes: int
    #: Bytes of the learned boilerplate broadcast to the executors.
    learned_bytes: int


def _columns(text, outlet, event, id, outlet_name, title, date, language, labels):
    return {
        "text": text,
        "outlet": outlet,
        "event": event,
        "id": id,
        "outlet_name": outlet_name,
        "title": title,
        "date": date,
        "language": language,
        "labels": None if labels is None else list(labels),
    }


def _check_columns(df, columns: dict, order: Optional[str]) -> None:
    """The named columns exist (checked on the driver, before any work)."""
    have = list(df.columns)
    named = [columns["text"], columns["outlet"], order]
    named += [columns[k] for k in ("id", "outlet_name", "title", "date", "language")]
    # The event column is optional when left at its default name.
    if columns["event"] is not None and not (columns["event"] == "event_id" and "event_id" not in have):
        named.append(columns["event"])
    for c in named:
        if c is not None and c not in have:
            raise KeyError(f"the documents have no column {c!r} (columns: {', '.join(have)})")


def _ordered(df, order: Optional[str], partitions: Optional[int]):
    """The documents with their places (column name returned) in
    partitions that each hold a contiguous stretch of the corpus, sorted."""
    from pyspark.sql import functions as F

    if order is None:
        order = ORDER_COLUMN
        # Before any shuffle: the id follows the partitions in order.
        df = df.withColumn(order, F.monotonically_increasing_id())
        if partitions is None:
            # Already contiguous and in order: no shuffle.
            return df, order
    n = partitions if partitions is not None else df.rdd.getNumPartitions()
    if n < 1:
        raise ValueError(f"partitions must be at least 1, not {n}")
    return df.repartitionByRange(n, F.col(order)).sortWithinPartitions(order), order


def _batches_table(batches):
    """A partition's Arrow batches as one table (None when empty)."""
    import pyarrow as pa

    batches = [b for b in batches if b.num_rows > 0]
    if not batches:
        return None
    return pa.Table.from_batches(batches)


def count_tables(
    df,
    *,
    text: str = "text",
    outlet: str = "outlet",
    event: Optional[str] = "event_id",
    id: Optional[str] = None,
    outlet_name: Optional[str] = None,
    title: Optional[str] = None,
    date: Optional[str] = None,
    language: Optional[str] = None,
    labels: Optional[Sequence[str]] = None,
    order: Optional[str] = None,
    partitions: Optional[int] = None,
    buckets: Optional[int] = None,
    no_clean: bool = False,
    event_limit: Optional[int] = None,
) -> SummaryRun:
    """The merged count tables of a Spark DataFrame of documents (both
    passes; see the module's description). The column arguments are those
    of :func:`framelens.from_pandas` (every other column is a label, or
    only those in ``labels``); ``order`` names an integer column giving
    each document's place in the corpus (it is not a label), ``partitions``
    the number of partitions to count in, ``buckets`` the number of
    learner buckets merged in parallel (default: the partitions)."""
    import pyarrow as pa

    columns = _columns(text, outlet, event, id, outlet_name, title, date, language, labels)
    _check_columns(df, columns, order)
    ordered, order_col = _ordered(df, order, partitions)
    shuffled = order is not None or partitions is not None
    if shuffled:
        from pyspark import StorageLevel

        # Both passes read the range-partitioned documents: shuffled once.
        ordered = ordered.persist(StorageLevel.MEMORY_AND_DISK)
    n_parts = ordered.rdd.getNumPartitions()
    n_buckets = buckets if buckets is not None else max(1, n_parts)
    if n_buckets < 1:
        raise ValueError(f"buckets must be at least 1, not {n_buckets}")
    exclude = [order_col]

    def first_place(table) -> int:
        place = table.column(order_col)[0].as_py()
        if not isinstance(place, int) or place < 0:
            raise ValueError(f"the order column {order_col!r} must hold integers of at least 0, found {place!r}")
        return place

    # Pass 1: each partition's learner, cut into buckets by line hash.
    def learn_partition(batches):
        table = _batches_table(batches)
        if table is None:
            return
        origin = f"partition from document {first_place(table)}"
        learner = _native.learn_part(records_json(table, exclude=exclude, **columns), origin, no_clean)
        parts = learner.split(n_buckets)
        yield pa.RecordBatch.from_pydict(
            {
                "bucket": pa.array(list(range(len(parts))), pa.int64()),
                "learner": pa.array([p.to_bytes() for p in parts], pa.binary()),
            }
        )

    def merge_learners(a: bytes, b: bytes) -> bytes:
        la = _native.Learner.from_bytes(a)
        la.merge(_native.Learner.from_bytes(b))
        return la.to_bytes()

    def finish(b: bytes) -> bytes:
        return _native.Learner.from_bytes(b).finish().to_bytes()

    spark_learners = ordered.mapInArrow(learn_partition, "bucket long, learner binary").rdd.map(
        lambda r: (r.bucket, bytes(r.learner))
    )
    sc = ordered.sparkSession.sparkContext
    learner_bytes = sc.accumulator(0)

    def counted(kv):
        learner_bytes.add(len(kv[1]))
        return kv

    learned_parts = (
        spark_learners.map(counted)
        .reduceByKey(merge_learners, numPartitions=n_buckets)
        .map(lambda kv: finish(kv[1]))
        .collect()
    )
    learned = _native.Learned()
    for b in learned_parts:
        learned.merge(_native.Learned.from_bytes(b))
    learned_blob = learned.to_bytes()
    shared = sc.broadcast(learned_blob)

    # Pass 2: each partition's tables, merged by a tree reduction.
    def build_partition(batches):
        table = _batches_table(batches)
        if table is None:
            return
        part = first_place(table)
        origin = f"partition from document {part}"
        got = _native.Learned.from_bytes(shared.value)
        tables = _native.build_tables(
            part, records_json(table, exclude=exclude, **columns), origin, got, no_clean, event_limit
        )
        yield pa.RecordBatch.from_pydict(
            {"part": pa.array([part], pa.int64()), "tables": pa.array([tables.to_bytes()], pa.binary())}
        )

    table_bytes = sc.accumulator(0)

    def sized(r):
        b = bytes(r.tables)
        table_bytes.add(len(b))
        return b

    built = ordered.mapInArrow(build_partition, "part long, tables binary").rdd.map(sized)
    try:
        merged = built.treeReduce(lambda a, b: bytes(_native.merge_table_bytes(a, b)), depth=2)
    except ValueError as e:
        # Spark's word for reducing nothing.
        if "empty" not in str(e).lower():
            raise
        raise _native.FramelensError("no documents (empty DataFrame)") from None
    finally:
        shared.unpersist()
        if shuffled:
            ordered.unpersist()
    return SummaryRun(
        tables=Tables.from_bytes(merged),
        notes=[],
        partitions=n_parts,
        table_bytes=table_bytes.value,
        merged_bytes=len(merged),
        learner_bytes=learner_bytes.value,
        learned_bytes=len(learned_blob),
    )


def summary(
    df,
    out: str | os.PathLike,
    *,
    text: str = "text",
    outlet: str = "outlet",
    event: Optional[str] = "event_id",
    id: Optional[str] = None,
    outlet_name: Optional[str] = None,
    title: Optional[str] = None,
    date: Optional[str] = None,
    language: Optional[str] = None,
    labels: Optional[Sequence[str]] = None,
    order: Optional[str] = None,
    partitions: Optional[int] = None,
    buckets: Optional[int] = None,
    no_clean: bool = False,
    event_limit: Optional[int] = None,
    resamples: Optional[int] = None,
    permutations: Optional[int] = None,
    seed: Optional[int] = None,
    force: bool = False,
) -> SummaryRun:
    """Compute the corpus summary of a Spark DataFrame of documents and
    write ``out/summary/`` on the driver, as ``framelens compare
    --summary-only --out out`` writes it for the same documents in the same
    order (see :func:`count_tables` for the arguments; ``no_clean`` and
    ``event_limit``, ``resamples``, ``permutations`` and ``seed`` are the
    command line's options; ``force`` replaces an ``out`` that framelens
    did not write)."""
    run = count_tables(
        df,
        text=text,
        outlet=outlet,
        event=event,
        id=id,
        outlet_name=outlet_name,
        title=title,
        date=date,
        language=language,
        labels=labels,
        order=order,
        partitions=partitions,
        buckets=buckets,
        no_clean=no_clean,
        event_limit=event_limit,
    )
    run.notes = run.tables.write_summary(
        out, no_clean=no_clean, force=force, resamples=resamples, permutations=permutations, seed=seed
    )
    return run
