"""All jobs in graph order on data/, twice: exact row counts, a checksum per table, and a second
run that changes nothing."""

import expected
import pytest
from pipeline_runner import REPO, TABLES, checksum, load_job, run_pipeline

from external_libs.io import read_rejects, read_stage

# sha256 of the sorted rows of each table after the first run (see pipeline_runner.checksum).
CHECKSUMS = {
    "cep": "06fb4971455cd827d29f68b549bcab883e1fec7327d427b26c5e6e4db47e4fdf",
    "condicao_pagamento": "b0eb73cbf0738e58dc9a5f025af6b93213e59d1192825e14cf332ab85fcb3945",
    "tipo_endereco": "b37ac9ad383e2b2d72f17a42679e2cb49aaaa213de6f6603ff39bf2e7b98a4bc",
    "fornecedores": "897e6f59c3433c09b36898c46b2dfa845247226a08128a4ac6e519001f97b008",
    "enderecos_fornecedores": "6b0391327f618546938bcda6d529f7c278f02c4f42d0d98e7fb57766ae051131",
    "notas_fiscais_entrada": "90c2132633e9c0d323c1c67a330a97ba1c70029a0634db1543fc1199f0b994d9",
    "programacao_pagamento": "a4462339a63b09c0c5f57760feb4608f4e3a3c258de36a99e5ced25163da8cd0",
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


def test_row_counts(runs):
    _, first, _ = runs
    assert {t: n for t, (n, _) in first["tables"].items()} == expected.TABLE_ROWS


def test_checksums(runs):
    _, first, _ = runs
    assert {t: c for t, (_, c) in first["tables"].items()} == CHECKSUMS


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
    # Fix 9.5: the original failed here (stored PENDENTE rows re-added as duplicate keys).
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
