"""The two rules that must not lose data (docs/example-pipeline.md, "Rules", R1 and R2), on tiny rows.

R1, the spec's 7.1 step 7 and 7.6 step 3: "Valid output = all rows minus those flagged
`null column(s)`, `invalid payment condition`, `invalid CNPJ` or `invalid CEP`" and, for the
addresses, "Inner join tipo_endereco on upper-cased stage TIPO_ENDERECO = DESCRICAO (rows with an
unknown address type are dropped silently)", i.e. from the addresses table only.

R2, the spec's 6.1: "when matched, update all columns from the source; when not matched, insert
all columns. [...] Rows absent from the source are never deleted."
"""

import datetime as dt
from decimal import Decimal

import pytest
from rows import compras_df, references, row

from external_libs.job_args import flag_arg
from external_libs.rules import invoices, schedule, staging, suppliers

D = dt.date
UNKNOWN_TYPE = row(NUMERO_NF="2001", TIPO_ENDERECO=" deposito ")
KNOWN_TYPE = row(NUMERO_NF="2002")
UNKNOWN_TYPE_BAD_CEP = row(NUMERO_NF="2003", TIPO_ENDERECO="deposito", CEP="99999999")


def _stage(spark, report):
    compras = compras_df(spark, [UNKNOWN_TYPE, KNOWN_TYPE, UNKNOWN_TYPE_BAD_CEP])
    valid, rejected = staging.stage(
        compras, *references(spark), report_unknown_address_type=report
    )
    return valid, {r.NUMERO_NF: r.inconsistencies for r in rejected.collect()}


def test_r1_unknown_address_type_is_staged_and_not_rejected(spark):
    """The spec's 7.1 step 7 (rule R1 above): only null column(s), invalid payment condition, invalid CNPJ, invalid CEP
    (and here invalid date / invalid number) remove a line from the valid output."""
    valid, rejected = _stage(spark, report=False)
    assert sorted(r.NUMERO_NF for r in valid.collect()) == ["2001", "2002"]
    # The line with a bad CEP is rejected for the CEP only: no address-type reason by default.
    assert rejected == {"2003": "invalid CEP"}


def test_r1_unknown_address_type_drops_only_the_address(spark):
    """The spec's 7.6 step 3 (rule R1 above): rows with an unknown address type are dropped from the addresses table;
    the supplier, the invoice and its installments of the same line are all loaded."""
    valid, _ = _stage(spark, report=False)
    fornecedores = suppliers.fornecedores(valid)
    types = references(spark)[2]  # COBRANCA, FORNECEDOR
    conditions = references(spark)[1]
    addresses = suppliers.enderecos_fornecedores(valid, fornecedores, types).collect()
    notas = invoices.notas_fiscais_entrada(valid, fornecedores, conditions)
    installments = schedule.programacao_pagamento(notas, conditions, D(2024, 9, 1))

    assert [r.CNPJ for r in fornecedores.collect()] == ["11222333000181"]
    assert sorted(r.NUMERO_NF for r in notas.collect()) == ["2001", "2002"]
    by_nf = {}
    for r in installments.join(
        notas.select("ID_NF_ENTRADA", "NUMERO_NF"), "ID_NF_ENTRADA"
    ).collect():
        by_nf[r.NUMERO_NF] = by_nf.get(r.NUMERO_NF, 0) + 1
    assert by_nf == {"2001": 4, "2002": 4}  # ENTRADA/30/60/90 DIAS
    # One address: the known type's. (Both lines share supplier, CEP and number.)
    assert [(r.CEP, r.ID_TIPO_ENDERECO) for r in addresses] == [(1310930, 8)]


def test_r1_option_reports_without_rejecting(spark):
    """--REPORT_UNKNOWN_ADDRESS_TYPE true: the line is listed in the rejects with reason
    `invalid address type` but stays in the stage, like `duplicated`."""
    valid, rejected = _stage(spark, report=True)
    assert sorted(r.NUMERO_NF for r in valid.collect()) == ["2001", "2002"]
    assert rejected == {
        "2001": "invalid address type",
        "2003": "invalid CEP, invalid address type",
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, False), ("", False), ("true", True), ("TRUE", True), ("1", True),
     ("no", False), ("false", False)],
)  # fmt: skip
def test_flag_argument_values(value, expected):
    assert flag_arg({"X": value}, "X") is expected


def test_flag_argument_rejects_other_text():
    with pytest.raises(ValueError, match=r"--X: expected true or false, got 'maybe'"):
        flag_arg({"X": "maybe"}, "X")


# R2: a real Iceberg table with the schedule's columns, in its own namespace.
SCHEDULE_DDL = (
    "ID_PROG_PAGAMENTO bigint, ID_NF_ENTRADA bigint, DATA_VENCIMENTO date, NUM_PARCELA int, "
    "VALOR_PARCELA decimal(10,2), STATUS_PAGAMENTO string"
)


def _row(nf, k, status, amount="10.00"):
    return (nf * 100 + k, nf, D(2024, k, 1), k, Decimal(amount), status)


STORED = [
    _row(1, 1, "PAGO"),
    _row(1, 2, "PAGO"),
    _row(1, 3, "PENDENTE"),
    _row(1, 4, "PENDENTE"),
    _row(2, 1, "PAGO"),  # an invoice the run no longer schedules at all
    _row(3, 1, "PENDENTE"),  # idem, still pending
]
# The run recomputes invoice 1 with two installments only (its condition changed).
FRESH = [_row(1, 1, "PAGO", "20.00"), _row(1, 2, "PAGO", "20.00")]


def _schedule_after(spark, prune):
    database = "schedule_test"
    table = f"glue_catalog.{database}.programacao_pagamento"
    spark.sql(f"CREATE NAMESPACE IF NOT EXISTS glue_catalog.{database}")
    spark.sql(f"DROP TABLE IF EXISTS {table}")
    spark.sql(f"CREATE TABLE {table} ({SCHEDULE_DDL}) USING iceberg")
    spark.createDataFrame(STORED, SCHEDULE_DDL).writeTo(table).append()
    fresh = spark.createDataFrame(FRESH, SCHEDULE_DDL)
    schedule.upsert_schedule(spark, fresh, prune_stale_pending=prune, database=database)
    rows = spark.table(table).collect()
    return {
        (r.ID_NF_ENTRADA, r.NUM_PARCELA): (r.VALOR_PARCELA, r.STATUS_PAGAMENTO)
        for r in rows
    }


def test_r2_schedule_merge_never_deletes_by_default(spark):
    """The spec's 6.1 (rule R2 above): "Rows absent from the source are never deleted." Installments a later run no
    longer computes stay, PAGO and PENDENTE alike; computed ones are updated."""
    got = _schedule_after(spark, prune=False)
    assert got == {
        (1, 1): (Decimal("20.00"), "PAGO"),
        (1, 2): (Decimal("20.00"), "PAGO"),
        (1, 3): (Decimal("10.00"), "PENDENTE"),
        (1, 4): (Decimal("10.00"), "PENDENTE"),
        (2, 1): (Decimal("10.00"), "PAGO"),
        (3, 1): (Decimal("10.00"), "PENDENTE"),
    }


def test_r2_option_prunes_only_stale_pending_rows(spark):
    """--PRUNE_STALE_PENDING true: stale PENDENTE installments are deleted, PAGO ones never."""
    got = _schedule_after(spark, prune=True)
    assert got == {
        (1, 1): (Decimal("20.00"), "PAGO"),
        (1, 2): (Decimal("20.00"), "PAGO"),
        (2, 1): (Decimal("10.00"), "PAGO"),
    }
