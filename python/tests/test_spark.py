"""framelens.spark with a real Spark in local[2] mode: the summary folder of
a Spark DataFrame of documents, however it is partitioned or shuffled, is
the single-machine ``compare --summary-only`` folder, byte for byte.

Skips when pyspark or Java is missing, never under CI=true (``.ci/run``
installs both)."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ON_CI
from summary_files import FAST, differences, single_summary


def _spark_or_skip():
    why = None
    try:
        import pyspark  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as e:
        why = f"pyspark and pyarrow are needed ({e})"
    if why is None and shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        why = "Java is needed for Spark (apt-get install openjdk-17-jre-headless)"
    if why is not None:
        if ON_CI:
            pytest.fail(f"CI=true but {why}: .ci/run must install it")
        pytest.skip(why)


@pytest.fixture(scope="module")
def spark():
    _spark_or_skip()
    from pyspark.sql import SparkSession

    # Executors run the Python of the tests, where framelens is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    # Local mode on the loopback interface only.
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = (
        SparkSession.builder.master("local[2]")
        .appName("framelens-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        # BASIL's labels hold names that differ only in case.
        .config("spark.sql.caseSensitive", "true")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.memory", "2g")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "500")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _check(spark, cli, data, tmp_path, corpus, layouts):
    from pyspark.sql import functions as F

    from framelens import spark as fspark

    path = data / corpus
    want = single_summary(cli, path, tmp_path / "single")
    df = spark.read.json(str(path))
    for k, (how, kwargs) in enumerate(layouts):
        frame = df
        if how == "shuffled":
            # The corpus order kept in a column, then the rows scattered.
            frame = df.withColumn("pos", F.monotonically_increasing_id()).repartition(kwargs.pop("shuffle"))
            kwargs["order"] = "pos"
        out = tmp_path / f"spark{k}"
        run = fspark.summary(frame, out, **kwargs, **FAST)
        assert differences(want, out / "summary") == [], (corpus, how, kwargs)
        assert run.tables.documents > 0
        assert run.merged_bytes > 0 and run.table_bytes >= run.merged_bytes // 2


def test_basil_on_spark_equals_the_single_machine_summary(spark, cli, data, tmp_path):
    # BASIL: 100 events of three articles, grouped; 11 and 7 partitions cut
    # events between partitions. (The file's one partition is the layout
    # the full comparisons below count in.)
    _check(
        spark,
        cli,
        data,
        tmp_path,
        "basil/basil.jsonl",
        [
            ("shuffled", {"shuffle": 5, "partitions": 11, "buckets": 3}),
            ("as read", {"partitions": 7}),
        ],
    )


def test_abp_sample_on_spark_equals_the_single_machine_summary(spark, cli, data, tmp_path):
    # The ABP sample: one event of 3,000 documents (no event ids), every
    # partition boundary cuts it; labels as a nested object.
    _check(
        spark,
        cli,
        data,
        tmp_path,
        "abp/abp_sample_3000.jsonl",
        [
            ("as read", {"partitions": 3}),
            ("shuffled", {"shuffle": 4, "partitions": 5, "buckets": 2}),
        ],
    )


def test_bad_documents_raise_a_framelens_error(spark, tmp_path):
    import framelens
    from framelens import spark as fspark

    df = spark.createDataFrame([("a b c", "x"), ("d e f", None)], "text string, outlet string")
    with pytest.raises(Exception, match="missing field `outlet`"):
        fspark.summary(df, tmp_path / "bad", **FAST)
    with pytest.raises(KeyError, match="no column 'body'"):
        fspark.count_tables(df, text="body").tables
    assert issubclass(framelens.FramelensError, ValueError)


MARKER = ".framelens-output.json"


def _single_compare(cli, corpus, out):
    """``framelens compare CORPUS --out OUT`` with FAST's options."""
    opts = [a for k, v in FAST.items() for a in (f"--{k}", str(v))]
    subprocess.run([str(cli), "compare", str(corpus), "--out", str(out), "--quiet", *opts], check=True)
    return out


def _with_cli_ids(spark, path):
    """The corpus as a DataFrame in file order (``pos``) with the ids the
    command line gives records without one (``STEM:LINE``): a DataFrame
    has no file name to build them from."""
    from pyspark.sql import functions as F

    df = spark.read.json(str(path))
    # One file read in one partition: the increasing id is the line index.
    assert df.rdd.getNumPartitions() == 1
    stem = path.name.split(".")[0]
    df = df.withColumn("pos", F.monotonically_increasing_id())
    return df.withColumn("doc_id", F.concat(F.lit(f"{stem}:"), (F.col("pos") + 1).cast("string")))


def _folder_differences(want, got):
    """The files of two output folders that differ; the marker compared
    without its command line (the Spark job records its own)."""
    import json

    found = differences(want, got)
    rest = [d for d in found if d != f"differs {MARKER}"]
    a = json.loads((want / MARKER).read_text())
    b = json.loads((got / MARKER).read_text())
    assert a.pop("command").startswith("framelens compare ")
    assert b.pop("command") == "framelens.spark.compare (Python)"
    if a != b:
        rest.append(f"differs {MARKER} (beyond the command)")
    return rest


def _check_full(spark, cli, corpus, tmp_path, layouts):
    from pyspark.sql import functions as F

    from framelens import spark as fspark

    want = _single_compare(cli, corpus, tmp_path / "single")
    df = _with_cli_ids(spark, corpus)
    for k, (how, kwargs) in enumerate(layouts):
        frame = df
        if how == "shuffled":
            frame = df.repartition(kwargs.pop("shuffle"))
            kwargs["order"] = "pos"
        else:
            # `pos` is the documents' order already; not a label.
            frame = df.drop("pos")
        out = tmp_path / f"spark{k}"
        run = fspark.compare(frame, out, id="doc_id", **kwargs, **FAST)
        assert _folder_differences(want, out) == [], (corpus, how, kwargs)
        n_events = len([p for p in want.iterdir() if p.is_dir() and p.name != "summary"])
        assert run.events == n_events and run.event_bytes > 0
        assert run.message.startswith(f"framelens: compared {n_events} event(s), ")


def _basil_events(data, tmp_path, pick):
    """A share of BASIL's events in file order (``pick`` slices the sorted
    event ids), written to a file named like BASIL's so the default ids
    agree. Every event is compared alone, so a share proves the same as the
    whole at a share of the time; the whole corpus stays covered by the
    summary test above."""
    import json

    lines = (data / "basil/basil.jsonl").read_text().splitlines()
    keep = set(sorted({json.loads(l)["event_id"] for l in lines})[pick])
    folder = tmp_path / "sub"
    folder.mkdir()
    subset = folder / "basil.jsonl"
    subset.write_text("".join(l + "\n" for l in lines if json.loads(l)["event_id"] in keep))
    return subset


def test_basil_events_on_spark_equal_the_single_machine_run(spark, cli, data, tmp_path):
    # Every event folder, the summary and the index byte for byte; a third
    # of BASIL's events, compared in 3 partitions, the counts in the file's one.
    subset = _basil_events(data, tmp_path, slice(1, None, 3))
    _check_full(spark, cli, subset, tmp_path, [("as read", {"event_partitions": 3})])


def test_basil_events_shuffled_on_spark_equal_the_single_machine_run(spark, cli, data, tmp_path):
    # Another third of BASIL's events, the rows scattered over 4 partitions,
    # counted in 5 and compared in 2.
    subset = _basil_events(data, tmp_path, slice(0, None, 3))
    layouts = [("shuffled", {"shuffle": 4, "partitions": 5, "event_partitions": 2, "buckets": 2})]
    _check_full(spark, cli, subset, tmp_path, layouts)


def test_one_event_without_ids_has_no_summary(spark, tmp_path):
    # Without event ids the corpus is one event: its folder and the index,
    # no summary (as the command line); ids default to places plus one.
    from framelens import spark as fspark

    rows = [
        ("The senator praised the bill on Monday. " * 3, "a"),
        ("The senator attacked the bill on Monday. " * 3, "b"),
        ("Critics said the bill was a disaster. " * 3, "b"),
    ]
    # One partition: the places are 0, 1, 2.
    df = spark.createDataFrame(rows, "text string, outlet string").coalesce(1)
    run = fspark.compare(df, tmp_path / "one", **FAST)
    out = tmp_path / "one"
    assert run.events == 1
    assert (out / "index.html").is_file() and (out / "index.md").is_file()
    assert not (out / "summary").exists()
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert len(folders) == 1 and (folders[0] / "report.json").is_file()
    import json

    report = json.loads((folders[0] / "report.json").read_text())
    docs = sorted(d for o in report["outlets"] for d in o["documents"])
    assert docs == ["1", "2", "3"]
    # The index links the event's page.
    assert f"{folders[0].name}/report.html" in (out / "index.md").read_text()
