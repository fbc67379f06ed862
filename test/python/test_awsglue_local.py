"""The local `awsglue` module (local/awsglue): Glue's argument semantics, GlueContext, Job,
DynamicFrame, and a clear error for everything local runs do not provide."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "local"))

from awsglue import NotAvailableLocally  # noqa: E402
from awsglue.context import GlueContext  # noqa: E402
from awsglue.dynamicframe import DynamicFrame  # noqa: E402
from awsglue.job import Job  # noqa: E402
from awsglue.utils import GlueArgumentError, getResolvedOptions  # noqa: E402

GLUE_ARGV = [
    "script.py",
    "--JOB_ID", "j_1",
    "--JOB_RUN_ID", "jr_1",
    "--JOB_NAME", "local-tbl_cep",
    "--TempDir", "s3://b/tmp/",
    "--enable-metrics", "true",
    "--SOURCE_PATH", "s3://b/in",
    "--my-flag", "x",
]  # fmt: skip


def test_resolves_requested_options_and_glue_own_keys():
    args = getResolvedOptions(GLUE_ARGV, ["JOB_NAME", "SOURCE_PATH", "my-flag"])
    assert args["JOB_NAME"] == "local-tbl_cep"
    assert args["SOURCE_PATH"] == "s3://b/in"
    assert args["my_flag"] == "x"  # dashes become underscores in the result
    assert args["JOB_ID"] == "j_1" and args["JOB_RUN_ID"] == "jr_1"
    assert args["TempDir"] == args["RedshiftTempDir"] == "s3://b/tmp/"
    assert args["job_bookmark_option"] == "job-bookmark-disable"
    assert args["SECURITY_CONFIGURATION"] is None
    assert args["job_bookmark_from"] is None and args["job_bookmark_to"] is None
    assert "enable_metrics" not in args  # not asked for: ignored, as on Glue


def test_missing_option_raises_glue_argument_error():
    with pytest.raises(GlueArgumentError, match="required: --WORK_PATH"):
        getResolvedOptions(GLUE_ARGV, ["SOURCE_PATH", "WORK_PATH"])


def test_script_name_is_skipped_and_equals_form_works():
    args = getResolvedOptions(["--X", "--X=1"], ["X"])
    assert args["X"] == "1"


def test_prefix_matching_as_argparse_does_on_glue():
    assert (
        getResolvedOptions(["s.py", "--SOURCE", "v"], ["SOURCE_PATH"])["SOURCE_PATH"]
        == "v"
    )


@pytest.mark.parametrize(
    "name",
    [
        "JOB_ID",
        "JOB_RUN_ID",
        "SECURITY_CONFIGURATION",
        "job-bookmark-option",
        "continuation-option",
        "encryption-type",
    ],
)
def test_reserved_names_cannot_be_requested(name):
    with pytest.raises(RuntimeError, match="Using reserved arguments"):
        getResolvedOptions(GLUE_ARGV, [name])


def test_continuation_option_is_translated_and_bookmark_option_checked():
    args = getResolvedOptions(
        ["s.py", "--continuation-option", "continuation-enabled"], []
    )
    assert args["job_bookmark_option"] == "job-bookmark-enable"
    assert "continuation_option" not in args
    with pytest.raises(GlueArgumentError, match="invalid choice"):
        getResolvedOptions(["s.py", "--job-bookmark-option", "sometimes"], [])


def test_bookmark_range_rules():
    with pytest.raises(RuntimeError, match="Invalid option"):
        getResolvedOptions(
            ["s.py", "--job-bookmark-from", "1", "--job-bookmark-to", "2"], []
        )
    with pytest.raises(
        RuntimeError, match="Missing option or value for --job-bookmark-to"
    ):
        getResolvedOptions(
            [
                "s.py",
                "--job-bookmark-option",
                "job-bookmark-pause",
                "--job-bookmark-from",
                "1",
            ],
            [],
        )


def test_job_init_commit():
    job = Job(object())
    assert not job.isInitialized()
    with pytest.raises(RuntimeError, match="before Job.init"):
        job.commit()
    job.init("local-x", {"a": "b"})
    assert job.isInitialized()
    job.commit()


def test_unavailable_parts_name_themselves():
    import awsglue.transforms as transforms
    import awsglue.utils as utils

    with pytest.raises(
        NotAvailableLocally,
        match=r"awsglue\.transforms\.ApplyMapping is not available in local runs",
    ):
        transforms.ApplyMapping.apply(frame=None, mappings=[])
    with pytest.raises(NotAvailableLocally, match=r"awsglue\.utils\.makeOptions"):
        utils.makeOptions  # noqa: B018
    with pytest.raises(NotAvailableLocally, match=r"Job\.enable_bookmarks"):
        Job(object()).enable_bookmarks  # noqa: B018
    exported = {}
    exec(
        "from awsglue.transforms import *", exported
    )  # the Glue boilerplate import works
    assert "ApplyMapping" in exported


def test_glue_context_and_dynamic_frame(spark):
    glue_context = GlueContext(spark.sparkContext)
    assert glue_context.spark_session is spark
    glue_context.get_logger().info("logged")
    df = spark.createDataFrame([(1, "a"), (2, "b")], "id int, v string")
    frame = DynamicFrame.fromDF(df, glue_context, "frame")
    assert frame.count() == 2
    assert frame.toDF() is df
    assert glue_context.create_dynamic_frame_from_df(df).toDF() is df
    with pytest.raises(
        NotAvailableLocally, match=r"GlueContext\.create_dynamic_frame is not available"
    ):
        glue_context.create_dynamic_frame.from_catalog(database="d", table_name="t")
    with pytest.raises(NotAvailableLocally, match=r"DynamicFrame\.resolveChoice"):
        frame.resolveChoice(specs=[])
    with pytest.raises(TypeError, match="wraps a pyspark DataFrame"):
        DynamicFrame([1, 2], glue_context, "bad")
