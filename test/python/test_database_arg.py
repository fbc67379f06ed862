"""The tables' database is the job argument --DATABASE (default `compras`): the DDL and every job
use it, so each environment writes only its own database (infra/bootstrap.yml gives each its own),
and a name Glue would refuse stops the job, or the local runner, before anything is written."""

from pathlib import Path

import expected
import pytest
from pipeline_runner import REPO, TABLES, load_job

from external_libs import DATABASE, check_database, table_name
from external_libs.ddl import render, split_statements
from external_libs.io import read_table
from local import run_jobs as R

BAD_NAMES = ["", "Compras", "compras-dev", "compras dev", "a.b", "x`y", "é", "a" * 256]


@pytest.mark.parametrize(
    "name", ["compras", "compras_dev", "compras_preview", "2024", "_x"]
)
def test_valid_database_names(name):
    assert check_database(name) == name


@pytest.mark.parametrize("name", BAD_NAMES)
def test_invalid_database_names_are_refused_naming_the_argument(name):
    with pytest.raises(
        ValueError, match="job argument --DATABASE: .* not a Glue database name"
    ):
        check_database(name)


def test_table_name_quotes_the_database():
    assert DATABASE == "compras"
    assert table_name("cep") == "glue_catalog.`compras`.cep"
    # 123 is a valid Glue name but not a bare Spark SQL identifier.
    assert table_name("cep", "123") == "glue_catalog.`123`.cep"
    with pytest.raises(ValueError, match="--DATABASE"):
        table_name("cep", "x`; DROP")


def test_render_substitutes_the_database():
    stmt = (
        "CREATE TABLE IF NOT EXISTS glue_catalog.`{database}`.t (x int)\n"
        "USING iceberg\nLOCATION '{warehouse}/{database}/t'"
    )
    sql = render(stmt, "s3://b/p/databases/", "glue", "compras_dev")
    assert "glue_catalog.`compras_dev`.t" in sql
    assert "LOCATION 's3://b/p/databases/compras_dev/t'" in sql
    assert "glue_catalog.`compras`.t" in render(stmt, "/wh", "hadoop")  # the default
    with pytest.raises(ValueError, match="--DATABASE"):
        render(stmt, "/wh", "glue", "Compras")


def test_every_ddl_statement_is_idempotent_and_in_the_argument_database():
    statements = [
        s
        for f in sorted((REPO / "db").glob("*.sql"))
        for s in split_statements(f.read_text())
    ]
    assert len(statements) == 1 + len(TABLES)
    for s in statements:
        assert "IF NOT EXISTS glue_catalog.`{database}`" in s, s
        # No database named literally: it would be written whatever --DATABASE says.
        assert "compras" not in s.replace("{database}", ""), s
        if "LOCATION" in s:
            assert "LOCATION '{warehouse}/{database}" in s, s


def _files(folder: Path) -> set[str]:
    return {str(p) for p in folder.rglob("*")} if folder.exists() else set()


def test_ddl_and_a_job_write_only_to_the_database_argument(spark, warehouse):
    """create_tables + tbl_cep with --DATABASE compras_test: the tables are in compras_test, and
    nothing in `compras` (which other tests of this session may have filled) changes."""
    default_before = _files(warehouse / "compras")
    argv = [
        "--AWS_WAREHOUSE", str(warehouse),
        "--SOURCE_PATH", str(REPO / "data"),
        "--DDL_PATH", str(REPO / "db"),
        "--ICEBERG_CATALOG", "hadoop",
        "--DATABASE", "compras_test",
    ]  # fmt: skip
    for _ in range(2):  # the DDL is idempotent, and so is the merge
        load_job("create_tables").main(argv)
        load_job("tbl_cep").main(argv)
    tables = {
        r.tableName
        for r in spark.sql("SHOW TABLES IN glue_catalog.compras_test").collect()
    }
    assert tables == set(TABLES)
    assert (
        read_table(spark, "cep", "compras_test").count() == expected.TABLE_ROWS["cep"]
    )
    assert spark.table("glue_catalog.compras_test.fornecedores").count() == 0
    assert (warehouse / "compras_test" / "cep" / "metadata").is_dir()
    assert _files(warehouse / "compras") == default_before


@pytest.mark.parametrize("job", ["create_tables", "tbl_cep"])
def test_a_bad_database_stops_the_job_before_it_writes(
    spark, warehouse, job, monkeypatch
):
    argv = [
        "--AWS_WAREHOUSE", str(warehouse),
        "--SOURCE_PATH", str(REPO / "data"),
        "--DDL_PATH", str(REPO / "db"),
        "--ICEBERG_CATALOG", "hadoop",
    ]  # fmt: skip
    before = _files(warehouse)
    with pytest.raises(ValueError, match="job argument --DATABASE: 'Compras-Dev'"):
        load_job(job).main([*argv, "--DATABASE", "Compras-Dev"])
    monkeypatch.setenv("DATABASE", "compras.dev")  # from the environment, as locally
    with pytest.raises(ValueError, match="job argument --DATABASE: 'compras.dev'"):
        load_job(job).main(argv)
    assert _files(warehouse) == before


def test_local_runner_refuses_a_bad_database_before_fresh_deletes(
    tmp_path, monkeypatch, capsys
):
    table = tmp_path / "wh" / "compras" / "cep" / "metadata"
    table.mkdir(parents=True)
    (table / "v1.metadata.json").write_text("{}")
    (tmp_path / "work").mkdir()
    # main() exports the four paths to the environment: monkeypatch restores them afterwards.
    monkeypatch.setenv("AWS_WAREHOUSE", str(tmp_path / "wh"))
    monkeypatch.setenv("WORK_PATH", str(tmp_path / "work"))
    monkeypatch.setenv("SOURCE_PATH", str(REPO / "data"))
    monkeypatch.setenv("DDL_PATH", str(REPO / "db"))
    monkeypatch.chdir(tmp_path)
    assert R.main(["--fresh", "all", "--DATABASE", "compras-dev"]) == 2
    assert "--DATABASE: 'compras-dev'" in capsys.readouterr().err
    assert (table / "v1.metadata.json").exists()
    monkeypatch.setenv("DATABASE", "Compras")
    assert R.main(["--fresh", "all"]) == 2
    assert "--DATABASE: 'Compras'" in capsys.readouterr().err
    assert (table / "v1.metadata.json").exists()
