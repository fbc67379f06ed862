"""All jobs in graph order on data/, twice: every table, the stage and the rejects equal to an
independent computation of the documented rules (spec_oracle.py), exact row counts, and a second
run that changes nothing."""

import datetime as dt

import expected
import pytest
import spec_oracle
from pipeline_runner import REPO, TABLES, checksum, load_job, run_pipeline
from pyspark.sql import functions as F

from external_libs.io import read_rejects, read_stage

ID_COLUMNS = {
    "ID_FORNECEDOR",
    "ID_ENDERECO_FORNECEDOR",
    "ID_NF_ENTRADA",
    "ID_PROG_PAGAMENTO",
}


def snapshot(spark, work):
    tables = {t: spark.table(f"glue_catalog.compras.{t}").collect() for t in TABLES}
    return {
        "tables": {t: (len(rows), checksum(rows)) for t, rows in tables.items()},
        "stage": checksum(read_stage(spark, str(work)).collect()),
        "rejects": read_rejects(spark, str(work)).collect(),
        "rows": tables,
    }


@pytest.fixture(scope="module")
def runs(spark, warehouse, tmp_path_factory):
    work = tmp_path_factory.mktemp("work_files")
    order = run_pipeline(warehouse, REPO / "data", work, expected.RUN_DATE)
    first = snapshot(spark, work)
    run_pipeline(warehouse, REPO / "data", work, expected.RUN_DATE)
    return order, first, snapshot(spark, work)


def test_jobs_ran_in_graph_order(runs):
    order, _, _ = runs
    assert order[0] == "create_tables" and order[-1] == "tbl_programacao_pagamento"
    assert order.index("stg_compras_parquet") > order.index("tbl_cep")


@pytest.fixture(scope="module")
def oracle():
    return spec_oracle.compute(REPO / "data", dt.date.fromisoformat(expected.RUN_DATE))


def test_oracle_gives_the_documented_figures(oracle):
    assert {t: len(oracle[t]) for t in TABLES} == expected.TABLE_ROWS
    assert {t: checksum(oracle[t]) for t in TABLES} == expected.CHECKSUMS
    assert len(oracle["stage"]) == expected.STAGE_ROWS
    assert len(oracle["rejects"]) == expected.REJECTED_ROWS


def test_oracle_hash_is_sparks_xxhash64(spark):
    long_text = "compras-" * 5  # 40 bytes: the 32-byte stripe path too
    got = (
        spark.range(1)
        .select(
            F.xxhash64(F.lit(long_text)).alias("s"),
            F.xxhash64(F.lit("Praça"), F.lit(7).cast("bigint"), F.lit(-3)).alias("c"),
        )
        .first()
    )
    assert got.s == spec_oracle.spark_xxhash64(("string", long_text))
    assert got.c == spec_oracle.spark_xxhash64(
        ("string", "Praça"), ("bigint", 7), ("int", -3)
    )


def test_row_counts(runs):
    _, first, _ = runs
    assert {t: n for t, (n, _) in first["tables"].items()} == expected.TABLE_ROWS


def test_tables_equal_the_independent_computation(runs, oracle):
    _, first, _ = runs
    for t in TABLES:
        assert sorted(map(tuple, first["rows"][t]), key=repr) == sorted(
            oracle[t], key=repr
        ), t
    assert {t: c for t, (_, c) in first["tables"].items()} == expected.CHECKSUMS


def test_stage_and_rejects_equal_the_independent_computation(runs, oracle):
    _, first, _ = runs
    assert first["stage"] == checksum(oracle["stage"])
    assert checksum(first["rejects"]) == checksum(oracle["rejects"])


def test_id_columns_are_bigint(spark, runs):
    # Fix 9.12 (docs/example-pipeline.md): every generated ID, and every column holding one, is a 64-bit bigint.
    ids = {
        (t, f.name): f.dataType.simpleString()
        for t in TABLES
        for f in spark.table(f"glue_catalog.compras.{t}").schema
        if f.name in ID_COLUMNS
    }
    assert ids == {
        ("fornecedores", "ID_FORNECEDOR"): "bigint",
        ("enderecos_fornecedores", "ID_ENDERECO_FORNECEDOR"): "bigint",
        ("enderecos_fornecedores", "ID_FORNECEDOR"): "bigint",
        ("notas_fiscais_entrada", "ID_NF_ENTRADA"): "bigint",
        ("notas_fiscais_entrada", "ID_FORNECEDOR"): "bigint",
        ("programacao_pagamento", "ID_PROG_PAGAMENTO"): "bigint",
        ("programacao_pagamento", "ID_NF_ENTRADA"): "bigint",
    }


def test_stage_and_rejects(spark, runs):
    _, first, _ = runs
    rejects = first["rejects"]
    assert len(rejects) == expected.REJECTED_ROWS
    breakdown = {}
    for r in rejects:
        breakdown[r.inconsistencies] = breakdown.get(r.inconsistencies, 0) + 1
    assert breakdown == expected.REJECT_BREAKDOWN
    assert len(first["rows"]["notas_fiscais_entrada"]) == expected.STAGE_ROWS


def test_schedule_consistency(runs):
    _, first, _ = runs
    totals = {
        r.ID_NF_ENTRADA: r.VALOR_TOTAL for r in first["rows"]["notas_fiscais_entrada"]
    }
    paid = {}
    for r in first["rows"]["programacao_pagamento"]:
        paid[r.ID_NF_ENTRADA] = paid.get(r.ID_NF_ENTRADA, 0) + r.VALOR_PARCELA
    assert paid == totals  # every invoice is scheduled, to the cent
    status = {}
    for r in first["rows"]["programacao_pagamento"]:
        status[r.STATUS_PAGAMENTO] = status.get(r.STATUS_PAGAMENTO, 0) + 1
    assert status == expected.STATUS


def test_second_run_changes_nothing(runs):
    _, first, second = runs
    assert second["tables"] == first["tables"]
    assert second["stage"] == first["stage"]
    assert checksum(second["rejects"]) == checksum(first["rejects"])


def test_a_later_run_date_turns_pending_into_paid(spark, warehouse, runs):
    # Fix 9.5 (docs/example-pipeline.md): the original failed here (stored PENDENTE rows re-added as duplicate keys).
    _, first, _ = runs
    load_job("tbl_programacao_pagamento").main(
        [
            "--AWS_WAREHOUSE",
            str(warehouse),
            "--ICEBERG_CATALOG",
            "hadoop",
            "--RUN_DATE",
            "2030-01-01",
        ]
    )
    rows = spark.table("glue_catalog.compras.programacao_pagamento").collect()
    assert len(rows) == expected.TABLE_ROWS["programacao_pagamento"]
    assert {r.STATUS_PAGAMENTO for r in rows} == {"PAGO"}
    before = {
        (r.ID_NF_ENTRADA, r.NUM_PARCELA): r.VALOR_PARCELA
        for r in first["rows"]["programacao_pagamento"]
    }
    assert {(r.ID_NF_ENTRADA, r.NUM_PARCELA): r.VALOR_PARCELA for r in rows} == before
