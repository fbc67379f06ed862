"""Local runs: options and paths of scripts/run-job-local.sh (local/run_jobs.py), the --fresh
guards, and the sorted-CSV export (local/export.py) on a catalog of its own."""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from local import run_jobs as R
from local.export import COUNTS_FILE, export_tables, list_tables, work_outputs


def test_options_anywhere_and_job_arguments_kept_in_order():
    opts = R.parse(["--fresh", "all", "--RUN_DATE", "2024-09-01", "--export", "out"])
    assert (opts.target, opts.fresh, opts.with_deps, opts.export) == (
        "all",
        True,
        False,
        "out",
    )
    assert opts.job_args == ["--RUN_DATE", "2024-09-01"]
    assert R.parse(["--export=x"]).target is None  # export only
    for bad in ([], ["--export"], ["--with-deps", "all"], ["--fresh"]):
        with pytest.raises(R.UsageError):
            R.parse(bad)


def test_relative_paths_are_taken_from_the_callers_directory(tmp_path):
    env, args = R.resolve_paths(
        {"SOURCE_PATH": "in", "WORK_PATH": "/abs/work", "AWS_WAREHOUSE": "s3://b/db"},
        ["--RUN_DATE", "2024-09-01", "--DDL_PATH", "ddl", "--WORK_PATH=w"],
        tmp_path,
    )
    assert env == {
        "SOURCE_PATH": str(tmp_path / "in"),
        "WORK_PATH": "/abs/work",
        "AWS_WAREHOUSE": "s3://b/db",
        "DDL_PATH": str(R.REPO / "db"),  # unset: the repository default
    }
    assert args == [
        "--RUN_DATE",
        "2024-09-01",
        "--DDL_PATH",
        str(tmp_path / "ddl"),
        f"--WORK_PATH={tmp_path / 'w'}",
    ]
    assert R.effective("WORK_PATH", env, args) == str(tmp_path / "w")


def _warehouse_with_a_table(root: Path) -> Path:
    (root / "wh" / "compras" / "cep" / "metadata").mkdir(parents=True)
    (root / "wh" / "compras" / "cep" / "metadata" / "v1.metadata.json").write_text("{}")
    (root / "work" / "compras.parquet").mkdir(parents=True)
    return root


def test_fresh_empties_the_warehouse_and_the_work_area(tmp_path):
    root = _warehouse_with_a_table(tmp_path)
    R.fresh_start(
        {"warehouse": str(root / "wh"), "work": str(root / "work")}, [str(root / "in")]
    )
    assert list((root / "wh").iterdir()) == [] and list((root / "work").iterdir()) == []


@pytest.mark.parametrize(
    ("warehouse", "keep", "message"),
    [
        ("s3://b/db", [], "not a local folder"),
        (".", ["in"], "it holds"),  # the folder holding the inputs
        ("wh", ["wh/compras"], "it holds"),
        ("wh", [], "did not write"),  # a stray file, see below
    ],
)
def test_fresh_refuses_and_deletes_nothing(tmp_path, warehouse, keep, message):
    root = _warehouse_with_a_table(tmp_path)
    (root / "wh" / "notes.txt").write_text("mine")
    target = warehouse if "://" in warehouse else str(root / warehouse)
    with pytest.raises(R.UsageError, match=message):
        R.fresh_start(
            {"warehouse": target, "work": str(root / "work")},
            [str(root / k) for k in keep],
        )
    assert (root / "wh" / "notes.txt").exists()
    assert (root / "work" / "compras.parquet").exists()


def test_foreign_entries_of_the_work_area(tmp_path):
    (tmp_path / "compras.parquet").mkdir()
    (tmp_path / "rejected_compras_stg.csv").mkdir()
    assert R.foreign_entries(tmp_path, "work") == []
    (tmp_path / "report.xlsx").write_text("")
    assert R.foreign_entries(tmp_path, "work") == [tmp_path / "report.xlsx"]


# --- export ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def catalog(spark, tmp_path_factory):
    """A Hadoop catalog of its own (not the pipeline's glue_catalog), so the listing is known."""
    name = "export_cat"
    spark.conf.set(f"spark.sql.catalog.{name}", "org.apache.iceberg.spark.SparkCatalog")
    spark.conf.set(f"spark.sql.catalog.{name}.type", "hadoop")
    spark.conf.set(
        f"spark.sql.catalog.{name}.warehouse",
        tmp_path_factory.mktemp("export_wh").as_uri(),
    )
    spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {name}.b_ns")
    spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {name}.a_ns")
    spark.sql(
        f"CREATE TABLE {name}.b_ns.t (K int, S string, D date, M decimal(10,2), B boolean) "
        "USING iceberg"
    )
    spark.sql(f"CREATE TABLE {name}.a_ns.empty (X int) USING iceberg")
    rows = [
        (2, "b,c", dt.date(2024, 1, 2), Decimal("1.50"), True),
        (1, 'say "hi"', None, Decimal("10.00"), False),
        (None, "z", dt.date(2023, 12, 31), None, None),
        (1, "a", dt.date(2024, 1, 1), Decimal("0.05"), True),
    ]
    spark.createDataFrame(
        rows, "K int, S string, D date, M decimal(10,2), B boolean"
    ).writeTo(f"{name}.b_ns.t").append()
    return name


def test_list_tables_enumerates_every_namespace(spark, catalog):
    assert list_tables(spark, catalog) == [("a_ns", "empty"), ("b_ns", "t")]


def test_export_writes_sorted_csvs_and_row_counts(spark, catalog, tmp_path):
    extra = {"work_files.x": spark.createDataFrame([("q",), ("p",)], "V string")}
    counts = export_tables(spark, tmp_path, catalog=catalog, extra=extra)
    assert counts == {"a_ns.empty": 0, "b_ns.t": 4, "work_files.x": 2}
    assert (tmp_path / "b_ns.t.csv").read_text() == (
        "K,S,D,M,B\n"
        ",z,2023-12-31,,\n"  # NULLs first, NULL = empty field
        "1,a,2024-01-01,0.05,true\n"
        '1,"say ""hi""",,10.00,false\n'
        '2,"b,c",2024-01-02,1.50,true\n'
    )
    assert (tmp_path / "a_ns.empty.csv").read_text() == "X\n"
    assert (tmp_path / "work_files.x.csv").read_text() == "V\np\nq\n"
    with (tmp_path / COUNTS_FILE).open() as f:
        assert list(csv.reader(f)) == [
            ["name", "rows"],
            ["a_ns.empty", "0"],
            ["b_ns.t", "4"],
            ["work_files.x", "2"],
        ]
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    export_tables(spark, tmp_path, catalog=catalog, extra=extra)
    assert {
        p.name: p.read_bytes() for p in tmp_path.iterdir()
    } == before  # deterministic
    export_tables(spark, tmp_path, catalog=catalog)  # no extra: its stale file goes
    assert not (tmp_path / "work_files.x.csv").exists()


def test_export_refuses_a_clashing_extra_name(spark, catalog, tmp_path):
    df = spark.createDataFrame([(1,)], "X int")
    with pytest.raises(ValueError, match="clashes"):
        export_tables(spark, tmp_path, catalog=catalog, extra={"b_ns.t": df})
    assert list(tmp_path.iterdir()) == []


def test_work_outputs_skips_what_does_not_exist(spark, tmp_path):
    assert work_outputs(spark, str(tmp_path)) == {}
    spark.createDataFrame([("x",)], "A string").write.parquet(
        str(tmp_path / "compras.parquet")
    )
    assert list(work_outputs(spark, str(tmp_path))) == ["work_files.compras"]
