import pytest

from external_libs.job_args import (
    MissingArgumentError,
    get_job_args,
    join_path,
    parse_cli,
)


def test_parse_cli_reads_pairs_equals_and_flags():
    argv = ["--JOB_ID", "j_1", "--SOURCE_PATH=s3://b/in", "--debug", "--WORK_PATH", "w"]
    assert parse_cli(argv) == {
        "JOB_ID": "j_1",
        "SOURCE_PATH": "s3://b/in",
        "debug": "",
        "WORK_PATH": "w",
    }


def test_command_line_wins_over_environment_and_env_is_the_fallback():
    args = get_job_args(
        ["SOURCE_PATH", "WORK_PATH"],
        argv=["--SOURCE_PATH", "s3://cli/in"],
        environ={"SOURCE_PATH": "s3://env/in", "WORK_PATH": "/tmp/work"},
    )
    assert args == {"SOURCE_PATH": "s3://cli/in", "WORK_PATH": "/tmp/work"}


def test_trailing_slash_of_paths_is_removed():
    # Original bug 9.16 (docs/example-pipeline.md): WORK_PATH with a trailing slash gave "//" in joined paths.
    args = get_job_args(["WORK_PATH", "AWS_WAREHOUSE"], argv=[], environ={
        "WORK_PATH": "s3://b/work_files/", "AWS_WAREHOUSE": "s3://b/databases//"})  # fmt: skip
    assert args["WORK_PATH"] == "s3://b/work_files"
    assert args["AWS_WAREHOUSE"] == "s3://b/databases"
    assert (
        join_path(args["WORK_PATH"], "compras.parquet")
        == "s3://b/work_files/compras.parquet"
    )


def test_missing_required_argument_names_every_missing_one():
    with pytest.raises(MissingArgumentError, match="SOURCE_PATH, WORK_PATH"):
        get_job_args(["SOURCE_PATH", "WORK_PATH"], argv=[], environ={})


def test_optional_argument_defaults_and_overrides():
    args = get_job_args(
        [],
        {"RUN_DATE": None, "LEVEL": "INFO"},
        argv=["--RUN_DATE", "2024-06-15"],
        environ={},
    )
    assert args == {"RUN_DATE": "2024-06-15", "LEVEL": "INFO"}
