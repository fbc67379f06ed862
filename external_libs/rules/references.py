"""Reference-table rules (docs/example-pipeline.md): CEP, payment conditions, address types."""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from external_libs.rules.staging import cep_key


def _clean_upper(column: str):
    return F.trim(F.upper(F.col(column)))


def cep(raw: DataFrame) -> DataFrame:
    """CEP reference file -> table rows; text columns upper-cased and trimmed. A CEP that is not
    1-8 digits becomes NULL and is dropped by the merge (the original stored a NULL-keyed row per
    run when a BOM or a bad line got through)."""
    return raw.select(
        cep_key(F.trim(F.col("CEP"))).alias("CEP"),
        _clean_upper("UF").alias("UF"),
        _clean_upper("CIDADE").alias("CIDADE"),
        _clean_upper("BAIRRO").alias("BAIRRO"),
        _clean_upper("LOGRADOURO").alias("LOGRADOURO"),
    )


def condicao_pagamento(raw: DataFrame) -> DataFrame:
    """Payment conditions: DESCRICAO trimmed and upper-cased, ids/counts as int, ENTRADA as boolean
    (1 = the first installment is a down payment). Conditions with fewer than one installment are
    dropped (they would produce empty or NULL schedules), so the stage rejects their use."""
    df = raw.select(
        F.trim(F.col("ID_CONDICAO")).cast("int").alias("ID_CONDICAO"),
        F.upper(F.trim(F.col("DESCRICAO"))).alias("DESCRICAO"),
        F.trim(F.col("QTD_PARCELAS")).cast("int").alias("QTD_PARCELAS"),
        F.coalesce(F.trim(F.col("ENTRADA")) == "1", F.lit(False)).alias("ENTRADA"),
    )
    return df.where(F.col("QTD_PARCELAS") >= 1)


def tipo_endereco(raw: DataFrame) -> DataFrame:
    """Address types from the lower-case file header; description and abbreviation upper-cased."""
    return raw.select(
        F.trim(F.col("id_tipo_endereco")).cast("int").alias("ID_TIPO_ENDERECO"),
        _clean_upper("nome_tipo_endereco").alias("DESCRICAO"),
        _clean_upper("sigla_endereco").alias("SIGLA"),
    )
