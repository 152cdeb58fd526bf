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

:func:`compare` is the full comparison (``framelens compare`` without
``--summary-only``): passes 1 and 2, then **pass 3**, the documents
repartitioned by event and each event compared and rendered on an
executor by the library (``mapInArrow``, one event in memory at a time);
the driver writes the events' folders as they arrive, then the summary
(from the tables and the events' measures) and the index.

Executors need framelens (and pyarrow) installed in the Python that Spark
starts for them (``PYSPARK_PYTHON``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Optional, Sequence

from . import _native
from .counts import Tables, records_json

__all__ = ["SummaryRun", "CompareRun", "summary", "compare", "count_tables"]

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


def _learn(ordered, order_col: str, columns: dict, n_buckets: int, no_clean: bool):
    """Pass 1: each partition's learner, cut into buckets by line hash and
    merged bucket by bucket on the executors; the learned lines joined on
    the driver. Returns (learned bytes, learner bytes sent)."""
    import pyarrow as pa

    exclude = [order_col]

    def learn_partition(batches):
        table = _batches_table(batches)
        if table is None:
            return
        origin = f"partition from document {_first_place(table, order_col)}"
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
    return learned.to_bytes(), learner_bytes.value


def _first_place(table, order_col: str) -> int:
    place = table.column(order_col)[0].as_py()
    if not isinstance(place, int) or place < 0:
        raise ValueError(f"the order column {order_col!r} must hold integers of at least 0, found {place!r}")
    return place


def _tables(ordered, order_col: str, columns: dict, shared, no_clean: bool, event_limit: Optional[int]):
    """Pass 2: each partition's count tables, merged by a tree reduction.
    Returns (merged bytes, partitions' bytes summed)."""
    import pyarrow as pa

    exclude = [order_col]

    def build_partition(batches):
        table = _batches_table(batches)
        if table is None:
            return
        part = _first_place(table, order_col)
        origin = f"partition from document {part}"
        got = _native.Learned.from_bytes(shared.value)
        tables = _native.build_tables(
            part, records_json(table, exclude=exclude, **columns), origin, got, no_clean, event_limit
        )
        yield pa.RecordBatch.from_pydict(
            {"part": pa.array([part], pa.int64()), "tables": pa.array([tables.to_bytes()], pa.binary())}
        )

    sc = ordered.sparkSession.sparkContext
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
    return merged, table_bytes.value


def _setup(df, columns: dict, order: Optional[str], partitions: Optional[int]):
    """The checked, ordered documents (persisted when shuffled), their
    order column and whether they were shuffled."""
    _check_columns(df, columns, order)
    ordered, order_col = _ordered(df, order, partitions)
    shuffled = order is not None or partitions is not None
    if shuffled:
        from pyspark import StorageLevel

        # Every pass reads the range-partitioned documents: shuffled once.
        ordered = ordered.persist(StorageLevel.MEMORY_AND_DISK)
    return ordered, order_col, shuffled


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
    columns = _columns(text, outlet, event, id, outlet_name, title, date, language, labels)
    ordered, order_col, shuffled = _setup(df, columns, order, partitions)
    try:
        n_parts = ordered.rdd.getNumPartitions()
        n_buckets = _buckets(buckets, n_parts)
        learned_blob, learner_bytes = _learn(ordered, order_col, columns, n_buckets, no_clean)
        shared = ordered.sparkSession.sparkContext.broadcast(learned_blob)
        try:
            merged, table_bytes = _tables(ordered, order_col, columns, shared, no_clean, event_limit)
        finally:
            shared.unpersist()
    finally:
        if shuffled:
            ordered.unpersist()
    return SummaryRun(
        tables=Tables.from_bytes(merged),
        notes=[],
        partitions=n_parts,
        table_bytes=table_bytes,
        merged_bytes=len(merged),
        learner_bytes=learner_bytes,
        learned_bytes=len(learned_blob),
    )


def _buckets(buckets: Optional[int], n_parts: int) -> int:
    n_buckets = buckets if buckets is not None else max(1, n_parts)
    if n_buckets < 1:
        raise ValueError(f"buckets must be at least 1, not {n_buckets}")
    return n_buckets


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


@dataclass
class CompareRun:
    """What :func:`compare` did."""

    #: The command line's closing paragraph (events, documents, where).
    message: str
    #: Events rendered (those left out for one outlet included).
    events: int
    #: Partitions the documents were counted in.
    partitions: int
    #: Partitions the events were compared in.
    event_partitions: int
    #: Bytes of the rendered events sent to the driver, summed.
    event_bytes: int
    #: Bytes of the merged count tables.
    merged_bytes: int
    #: Bytes of the learned boilerplate broadcast to the executors.
    learned_bytes: int


#: The column holding each document's event id as a string (null: "").
EVENT_KEY = "__framelens_event"
#: The id column added when the documents have none.
ID_COLUMN = "__framelens_id"


def _render(ordered, order_col: str, columns: dict, shared, n: int, options: dict):
    """Pass 3: the documents repartitioned by event and sorted by place, so
    that a task meets each of its events' documents together and in corpus
    order; each event is compared and rendered alone (one event in memory
    at a time) and comes back as one row of bytes. Returns the RDD of the
    events' bytes and the number of partitions."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyspark.sql import functions as F

    event_col = columns["event"]
    if event_col is not None and event_col in ordered.columns:
        key = F.coalesce(F.col(event_col).cast("string"), F.lit(""))
    else:
        # No event ids: the whole corpus is one event.
        key, n = F.lit(""), 1
    keyed = ordered.withColumn(EVENT_KEY, key).repartition(n, EVENT_KEY).sortWithinPartitions(EVENT_KEY, order_col)
    cols = dict(columns)
    add_id = cols["id"] is None
    if add_id:
        cols["id"] = ID_COLUMN
    exclude = [order_col, EVENT_KEY]

    def one_event(event: str, pieces) -> pa.RecordBatch:
        table = pa.Table.from_batches(pieces)
        places = table.column(order_col).to_pylist()
        if add_id:
            # A document's default id is its place plus one: its row number
            # when the DataFrame was read from one file in order.
            ids = pc.cast(pc.add(table.column(order_col), 1), pa.string())
            table = table.append_column(ID_COLUMN, ids)
        got = _native.Learned.from_bytes(shared.value)
        blob = _native.render_event(
            records_json(table, exclude=exclude, **cols), places, f"event {event!r}", got, **options
        )
        return pa.RecordBatch.from_pydict({"event": pa.array([event], pa.string()), "blob": pa.array([blob], pa.binary())})

    def render_partition(batches):
        event, pieces = None, []
        for b in batches:
            if b.num_rows == 0:
                continue
            keys = b.column(b.schema.get_field_index(EVENT_KEY)).to_pylist()
            start = 0
            for i in range(1, len(keys) + 1):
                if i < len(keys) and keys[i] == keys[start]:
                    continue
                if pieces and keys[start] != event:
                    yield one_event(event, pieces)
                    pieces = []
                event = keys[start]
                pieces.append(b.slice(start, i - start))
                start = i
        if pieces:
            yield one_event(event, pieces)

    rendered = keyed.mapInArrow(render_partition, "event string, blob binary")
    return rendered.rdd.map(lambda r: bytes(r.blob)), n


def compare(
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
    event_partitions: Optional[int] = None,
    buckets: Optional[int] = None,
    no_clean: bool = False,
    event_limit: Optional[int] = None,
    resamples: Optional[int] = None,
    permutations: Optional[int] = None,
    seed: Optional[int] = None,
    force: bool = False,
) -> CompareRun:
    """The full comparison of a Spark DataFrame of documents, written to
    ``out`` as ``framelens compare --out out`` writes it for the same
    documents in the same order: every event's folder, the corpus summary
    (two events or more) and the index.

    Passes 1 and 2 are :func:`count_tables`' (the boilerplate learned over
    the whole corpus and broadcast; the count tables of the summary's
    document rows and terms). Pass 3 repartitions the documents by event
    (``event_partitions`` partitions, default the DataFrame's) and
    compares each event on an executor with the library, as the command
    line compares it (``event_limit`` bounds a large event's report the
    same way); each event's report folder comes to the driver as bytes
    and is written as it arrives. The driver then writes the summary from
    the merged tables and the events' measures, and the index.

    Without an ``id`` column a document's id is its place plus one (with
    ``order`` given: that column's value plus one). The other arguments
    are :func:`summary`'s; ``force`` replaces an ``out`` that framelens did
    not write."""
    from pyspark import StorageLevel

    columns = _columns(text, outlet, event, id, outlet_name, title, date, language, labels)
    if event_partitions is not None and event_partitions < 1:
        raise ValueError(f"event_partitions must be at least 1, not {event_partitions}")
    # Fail on a bad `out` before any Spark work.
    writer = _native.RunWriter(
        os.fspath(out),
        no_clean=no_clean,
        event_limit=event_limit,
        resamples=resamples,
        permutations=permutations,
        seed=seed,
        force=force,
    )
    options = {
        "no_clean": no_clean,
        "event_limit": event_limit,
        "resamples": resamples,
        "permutations": permutations,
        "seed": seed,
    }
    ordered, order_col, shuffled = _setup(df, columns, order, partitions)
    sc = ordered.sparkSession.sparkContext
    try:
        n_parts = ordered.rdd.getNumPartitions()
        learned_blob, _ = _learn(ordered, order_col, columns, _buckets(buckets, n_parts), no_clean)
        shared = sc.broadcast(learned_blob)
        try:
            # The events are measured whole in pass 3: an event limit of 0
            # keeps the tables from measuring their runs again.
            merged, _ = _tables(ordered, order_col, columns, shared, no_clean, 0)
            n_events = event_partitions if event_partitions is not None else max(1, n_parts)
            blobs, n_events = _render(ordered, order_col, columns, shared, n_events, options)
            # Computed in parallel first, then streamed to the driver one
            # partition at a time (the files never all in its memory).
            blobs = blobs.persist(StorageLevel.MEMORY_AND_DISK)
            try:
                sizes = blobs.map(len).collect()
                for blob in blobs.toLocalIterator():
                    writer.add(blob)
            finally:
                blobs.unpersist()
        finally:
            shared.unpersist()
    finally:
        if shuffled:
            ordered.unpersist()
    message = writer.finish(Tables.from_bytes(merged)._native)
    return CompareRun(
        message=message,
        events=len(sizes),
        partitions=n_parts,
        event_partitions=n_events,
        event_bytes=sum(sizes),
        merged_bytes=len(merged),
        learned_bytes=len(learned_blob),
    )
