"""Pure parts of local/run_glue_job.py: Glue's argv, --conf values, Spark defaults, error text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "local"))

from run_glue_job import conf_pairs, error_message, glue_argv, spark_defaults  # noqa: E402


def test_glue_argv_puts_ids_first_and_keeps_every_argument():
    argv = glue_argv(
        "/tmp/x.py",
        "local-a",
        "jr_1",
        {"--JOB_NAME": "ignored", "--A": "1", "--b-c": ""},
    )
    assert argv[0] == "/tmp/x.py"
    assert argv[1] == "--JOB_ID" and argv[2].startswith("j_")
    assert argv[3:7] == ["--JOB_RUN_ID", "jr_1", "--JOB_NAME", "local-a"]
    assert argv[7:] == ["--A", "1", "--b-c", ""]


def test_conf_pairs_reads_glue_style_multiple_conf():
    assert conf_pairs("spark.a=1 --conf spark.b=x=y") == {
        "spark.a": "1",
        "spark.b": "x=y",
    }
    with pytest.raises(ValueError, match="key=value"):
        conf_pairs("spark.a")


def test_spark_defaults_point_s3_at_the_endpoint_and_take_conf():
    conf = spark_defaults(
        "http://127.0.0.1:1", 2, {"--conf": "spark.sql.shuffle.partitions=7"}, ["-Xfoo"]
    )
    assert conf["spark.hadoop.fs.s3.impl"].endswith("S3AFileSystem")
    assert conf["spark.hadoop.fs.s3a.endpoint"] == "http://127.0.0.1:1"
    assert conf["spark.master"] == "local[2]"
    assert conf["spark.sql.shuffle.partitions"] == "7"
    assert conf["spark.driver.extraJavaOptions"].endswith("-Xfoo")
    assert "iceberg-aws-bundle" in conf["spark.driver.extraClassPath"]
    # static: set before any session so a pre-started one has Iceberg's MERGE INTO
    assert conf["spark.sql.extensions"].endswith("IcebergSparkSessionExtensions")


def test_error_message_is_type_and_message():
    assert error_message(ValueError("bad row")) == "ValueError: bad row"
    assert error_message(KeyError()) == "KeyError"
    assert len(error_message(RuntimeError("x" * 5000))) == 2048
