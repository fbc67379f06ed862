"""Installment schedule rules (docs/example-pipeline.md), with the project's fixes.

- Fix 9.5 (docs/example-pipeline.md): the schedule is recomputed from the invoices on every run and the status re-evaluated;
  stored PENDENTE rows are not appended again (the original's duplicate keys made every re-run with
  a pending installment fail).
- Money in cents: each installment is total / n rounded half-up to cents, the last one takes the
  remainder, so an invoice's installments add up exactly to its total.
- Fix 9.3 (docs/example-pipeline.md): ENTRADA is used. With a down payment installment k is due k-1 months after issue (the
  first on the issue date); without one, k months after (`30 dias` = one month later). Month
  arithmetic is Spark's: the day is kept, clamped to the end of a shorter month.
- "Today" is a parameter (job argument RUN_DATE), so status is testable and re-runs reproducible.
- The merge never deletes a stored installment that the run no longer computes (docs/
  example-pipeline.md, "Rules", rule R2): PAGO rows are history. Opt-in `prune_stale_pending`
  deletes such rows only while they are PENDENTE (an invoice whose condition now has fewer
  installments would otherwise keep owing the old ones); PAGO rows are never deleted.
- Conditions with QTD_PARCELAS < 1 (or NULL) produce no installments.
- Fix 9.12 (docs/example-pipeline.md): ID_PROG_PAGAMENTO = xxhash64(ID_NF_ENTRADA as bigint, NUM_PARCELA as int), 64-bit like
  ID_NF_ENTRADA (the original's 32-bit `hash` of two ints collided and lost installments at scale).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F

from external_libs import DATABASE
from external_libs.iceberg import merge_upsert
from external_libs.rules.ids import ID_TYPE, installment_id
from external_libs.rules.invoices import MONEY

PAGO = "PAGO"
PENDENTE = "PENDENTE"
TABLE = "programacao_pagamento"
KEYS = ["ID_NF_ENTRADA", "NUM_PARCELA"]


def installment_amounts(total: Decimal, count: int) -> list[Decimal]:
    """Plain-Python statement of the amount rule (documentation and test oracle)."""
    base = (total / count).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return [base] * (count - 1) + [total - base * (count - 1)]


def programacao_pagamento(
    invoices: DataFrame, conditions: DataFrame, today: dt.date | Column
) -> DataFrame:
    """ID_PROG_PAGAMENTO, ID_NF_ENTRADA, DATA_VENCIMENTO, NUM_PARCELA, VALOR_PARCELA,
    STATUS_PAGAMENTO for every invoice with a known condition."""
    today_col = today if isinstance(today, Column) else F.lit(today).cast("date")
    cond = conditions.select("ID_CONDICAO", "QTD_PARCELAS", "ENTRADA").where(
        "QTD_PARCELAS >= 1"
    )
    inv = invoices.select(
        "ID_NF_ENTRADA", "ID_CONDICAO", "DATA_EMISSAO", "VALOR_TOTAL"
    ).join(cond, "ID_CONDICAO")
    rows = inv.withColumn(
        "NUM_PARCELA", F.explode(F.sequence(F.lit(1), F.col("QTD_PARCELAS")))
    )
    n = F.col("QTD_PARCELAS")
    base = F.round(F.col("VALOR_TOTAL") / n, 2).cast(MONEY)
    last = (F.col("VALOR_TOTAL") - base * (n - 1)).cast(MONEY)
    offset = F.col("NUM_PARCELA") - F.when(
        F.coalesce("ENTRADA", F.lit(False)), 1
    ).otherwise(0)
    due = F.add_months(F.col("DATA_EMISSAO"), offset)
    return rows.select(
        installment_id("ID_NF_ENTRADA", "NUM_PARCELA").alias("ID_PROG_PAGAMENTO"),
        F.col("ID_NF_ENTRADA").cast(ID_TYPE).alias("ID_NF_ENTRADA"),
        due.alias("DATA_VENCIMENTO"),
        F.col("NUM_PARCELA").cast("int").alias("NUM_PARCELA"),
        F.when(F.col("NUM_PARCELA") == n, last).otherwise(base).alias("VALOR_PARCELA"),
        F.when(due <= today_col, F.lit(PAGO))
        .otherwise(F.lit(PENDENTE))
        .alias("STATUS_PAGAMENTO"),
    )


def upsert_schedule(
    spark: SparkSession,
    rows: DataFrame,
    *,
    prune_stale_pending: bool = False,
    database: str = DATABASE,
) -> None:
    """Merge freshly computed installments into the schedule table on (ID_NF_ENTRADA, NUM_PARCELA).

    Stored rows the run did not compute stay as they are; with `prune_stale_pending`, those still
    PENDENTE are deleted (never a PAGO one)."""
    merge_upsert(
        spark,
        rows,
        TABLE,
        KEYS,
        database=database,
        delete_missing=prune_stale_pending,
        delete_where=f"t.STATUS_PAGAMENTO = '{PENDENTE}'",
    )
