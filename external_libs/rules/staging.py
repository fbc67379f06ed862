"""Stage job rules (docs/example-pipeline.md): normalise purchase lines, flag bad ones, split valid / rejected.

An unknown address type does not reject a line (docs/example-pipeline.md, "Rules", rule R1): the
line's supplier, invoice and installments are loaded, only its address is left out of table
enderecos_fornecedores. With `report_unknown_address_type` the line is also listed in the rejects
with reason `invalid address type`, like `duplicated` a reason that is reported but removes nothing.

Design: every rule is a boolean column computed on the row itself, after grouping identical rows.
Fix 9.15 (docs/example-pipeline.md): the original marked rows with Spark's non-deterministic generated id and removed rejected
ones by anti-joins over lazily re-evaluated branches; here no identifier is needed at all, and
identical rows always get identical flags.
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from external_libs.io import COMPRAS_COLUMNS
from external_libs.rules.cnpj import cnpj_is_valid

DUPLICATED = "duplicated"
NULL_COLUMNS = "null column(s)"
INVALID_CONDITION = "invalid payment condition"
INVALID_CNPJ = "invalid CNPJ"
INVALID_CEP = "invalid CEP"
INVALID_ADDRESS_TYPE = "invalid address type"
INVALID_DATE = "invalid date"
INVALID_NUMBER = "invalid number"
# Fixed order of the reasons inside `inconsistencies` (the original's order was not guaranteed).
REASONS = [
    DUPLICATED,
    NULL_COLUMNS,
    INVALID_CONDITION,
    INVALID_CNPJ,
    INVALID_CEP,
    INVALID_ADDRESS_TYPE,
    INVALID_DATE,
    INVALID_NUMBER,
]
# Reasons that are reported in the rejects but keep the line in the stage.
REPORT_ONLY = {DUPLICATED, INVALID_ADDRESS_TYPE}
INVALID_MARKER = " (invalid)"
REQUIRED_COLUMNS = [c for c in COMPRAS_COLUMNS if c != "COMPLEMENTO"]
AMOUNT_COLUMNS = ["VALOR_NET", "VALOR_TRIBUTO", "VALOR_TOTAL"]
_AMOUNT = r"^[0-9]{1,8}(\.[0-9]{1,2})?$"  # fits decimal(10,2), no sign
_QUANTITY = r"^[1-9][0-9]{0,8}$"  # a positive int
_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_FLAG = {reason: f"_flag_{i}" for i, reason in enumerate(REASONS)}


def _trim_or_null(column: str) -> Column:
    # Spark's trim removes spaces only (docs/example-pipeline.md). Fix 9.10 (docs/example-pipeline.md): a blank field counts as missing.
    trimmed = F.trim(F.col(column))
    return F.when(trimmed == "", F.lit(None)).otherwise(trimmed)


def normalise(compras: DataFrame) -> DataFrame:
    """Trim every column, blank -> NULL, upper-case supplier name and payment condition,
    missing complement -> 'N/A'."""
    df = compras.select([_trim_or_null(c).alias(c) for c in COMPRAS_COLUMNS])
    return (
        df.withColumn("NOME_FORNECEDOR", F.upper("NOME_FORNECEDOR"))
        .withColumn("CONDICAO_PAGAMENTO", F.upper("CONDICAO_PAGAMENTO"))
        .withColumn("COMPLEMENTO", F.coalesce("COMPLEMENTO", F.lit("N/A")))
    )


def cep_key(column: Column) -> Column:
    """A CEP text as the int the reference stores (NULL unless 1 to 8 digits)."""
    return F.when(column.rlike(r"^[0-9]{1,8}$"), column.cast("int"))


def iso_date(column: Column) -> Column:
    """yyyy-MM-dd text -> date, NULL for anything else (including impossible days)."""
    return F.when(column.rlike(_ISO_DATE), F.to_date(column, "yyyy-MM-dd"))


def _member(
    df: DataFrame, key: Column, reference: DataFrame, ref_column: str, out: str
) -> DataFrame:
    """Adds boolean `out`: is `key` among the non-NULL values of reference[ref_column]?"""
    keys = (
        reference.select(F.col(ref_column).alias("_key"))
        .where(F.col("_key").isNotNull())
        .distinct()
        .withColumn(out, F.lit(True))
    )
    joined = df.withColumn("_key", key).join(keys, "_key", "left").drop("_key")
    return joined.withColumn(out, F.coalesce(F.col(out), F.lit(False)))


def _values(reference: DataFrame, column: str = "DESCRICAO") -> list[str]:
    """The non-NULL values of a small reference table (tens of rows): a literal list in the plan
    costs less than a join per run."""
    rows = (
        reference.select(column).where(F.col(column).isNotNull()).distinct().collect()
    )
    return sorted(r[0] for r in rows)


def flag(
    normalised: DataFrame,
    ceps: DataFrame,
    conditions: DataFrame,
    address_types: DataFrame,
    *,
    report_unknown_address_type: bool = False,
) -> DataFrame:
    """One row per distinct normalised line: the 17 columns (CONDICAO_PAGAMENTO marked
    ' (invalid)' when unknown) + `_count` + one boolean column per reason.

    `ceps` has CEP (int), `conditions` DESCRICAO (upper case), `address_types` DESCRICAO (upper case):
    the reference tables. The `invalid address type` flag is set only when
    `report_unknown_address_type` (it never rejects the line, see the module docstring).
    """
    # NULLs group together, as the duplicate rule requires.
    df = normalised.groupBy(*COMPRAS_COLUMNS).agg(F.count(F.lit(1)).alias("_count"))
    df = _member(df, cep_key(F.col("CEP")), ceps, "CEP", "_cep_ok")
    # Fix 9.2 (docs/example-pipeline.md): the accepted conditions are exactly the descriptions of the condition table, each
    # mapped to itself (the original mapped ENTRADA/30/60/90 DIAS to 30/60/90 DIAS and rejected a
    # genuine 30/60/90 DIAS).
    df = df.withColumn(
        "_condition_ok", F.col("CONDICAO_PAGAMENTO").isin(_values(conditions))
    )
    df = df.withColumn(
        "_type_ok", F.upper("TIPO_ENDERECO").isin(_values(address_types))
    )

    condition = F.col("CONDICAO_PAGAMENTO")
    bad_condition = condition.isNotNull() & ~F.col("_condition_ok")
    any_null = F.lit(False)
    for c in REQUIRED_COLUMNS:
        any_null = any_null | F.col(c).isNull()
    bad_number = F.lit(False)
    for c in AMOUNT_COLUMNS:
        bad_number = bad_number | (F.col(c).isNotNull() & ~F.col(c).rlike(_AMOUNT))
    bad_number = bad_number | (
        F.col("QTD_ITEM").isNotNull() & ~F.col("QTD_ITEM").rlike(_QUANTITY)
    )
    date = F.col("DATA_EMISSAO")
    flags = {
        DUPLICATED: F.col("_count") > 1,
        NULL_COLUMNS: any_null,
        INVALID_CONDITION: bad_condition,
        INVALID_CNPJ: ~cnpj_is_valid(F.col("CNPJ_FORNECEDOR")),
        INVALID_CEP: ~F.col("_cep_ok"),  # a NULL or non-numeric CEP is invalid too
        INVALID_ADDRESS_TYPE: F.lit(report_unknown_address_type)
        & F.col("TIPO_ENDERECO").isNotNull()
        & ~F.col("_type_ok"),
        # Fix 9.11 (docs/example-pipeline.md): the issue date is checked here instead of failing (or vanishing) downstream.
        INVALID_DATE: date.isNotNull() & iso_date(date).isNull(),
        INVALID_NUMBER: bad_number,
    }
    for reason, expr in flags.items():
        df = df.withColumn(_FLAG[reason], expr)
    # Fix 9.1 (docs/example-pipeline.md): the original appended the marker with numeric `+` (NULL); this is concatenation.
    df = df.withColumn(
        "CONDICAO_PAGAMENTO",
        F.when(bad_condition, F.concat(condition, F.lit(INVALID_MARKER))).otherwise(
            condition
        ),
    )
    return df.select(*COMPRAS_COLUMNS, "_count", *_FLAG.values())


def valid_rows(flagged: DataFrame) -> DataFrame:
    """Lines with no reason except the report-only ones, one copy each (a duplicate is staged
    once): every line minus those flagged for a NULL column, a payment condition, a CNPJ or a CEP,
    an issue date or a number. An unknown address type is not among them."""
    ok = F.lit(True)
    for reason in REASONS:
        if reason not in REPORT_ONLY:
            ok = ok & ~F.col(_FLAG[reason])
    return flagged.where(ok).select(*COMPRAS_COLUMNS)


def rejected_rows(flagged: DataFrame) -> DataFrame:
    """One row per distinct flagged line: the 17 columns + `inconsistencies` (reasons, fixed order)."""
    any_flag = F.lit(False)
    for reason in REASONS:
        any_flag = any_flag | F.col(_FLAG[reason])
    reasons = F.concat_ws(", ", *[F.when(F.col(_FLAG[r]), F.lit(r)) for r in REASONS])
    return flagged.where(any_flag).select(
        *COMPRAS_COLUMNS, reasons.alias("inconsistencies")
    )


def stage(
    compras: DataFrame,
    ceps: DataFrame,
    conditions: DataFrame,
    address_types: DataFrame,
    *,
    report_unknown_address_type: bool = False,
) -> tuple[DataFrame, DataFrame]:
    """(valid stage rows, rejected rows) of raw purchase lines."""
    flagged = flag(
        normalise(compras),
        ceps,
        conditions,
        address_types,
        report_unknown_address_type=report_unknown_address_type,
    )
    return valid_rows(flagged), rejected_rows(flagged)
