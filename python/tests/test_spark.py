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
    # events between partitions.
    _check(
        spark,
        cli,
        data,
        tmp_path,
        "basil/basil.jsonl",
        [
            ("as read", {}),
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
