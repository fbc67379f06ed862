"""Invoice rules (docs/example-pipeline.md): inbound invoices from the stage."""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from external_libs.rules.ids import ID_TYPE, invoice_id

MONEY = "decimal(10,2)"


def notas_fiscais_entrada(
    stage: DataFrame, suppliers: DataFrame, conditions: DataFrame
) -> DataFrame:
    """One row per stage line, with supplier id (inner join on CNPJ) and condition id (left join on
    the description). ID_NF_ENTRADA = xxhash64(NUMERO_NF), a bigint (fix 9.12 of docs/example-pipeline.md: the original's 32-bit
    `hash` gave 90 pairs of a million invoice numbers the same ID); the table's key is NUMERO_NF (as
    the original; duplicates of a number keep one deterministic winner)."""
    lines = stage.select(
        "NUMERO_NF",
        "DATA_EMISSAO",
        "VALOR_NET",
        "VALOR_TRIBUTO",
        "VALOR_TOTAL",
        "NOME_ITEM",
        "QTD_ITEM",
        "CONDICAO_PAGAMENTO",
        "CNPJ_FORNECEDOR",
    )
    sup = suppliers.select("ID_FORNECEDOR", "CNPJ").distinct()
    cond = conditions.select("ID_CONDICAO", "DESCRICAO")
    joined = lines.join(sup, lines.CNPJ_FORNECEDOR == sup.CNPJ).join(
        cond, lines.CONDICAO_PAGAMENTO == cond.DESCRICAO, "left"
    )
    return joined.select(
        invoice_id("NUMERO_NF").alias("ID_NF_ENTRADA"),
        "NUMERO_NF",
        F.col("ID_FORNECEDOR").cast(ID_TYPE).alias("ID_FORNECEDOR"),
        "ID_CONDICAO",
        F.to_date("DATA_EMISSAO", "yyyy-MM-dd").alias("DATA_EMISSAO"),
        # Fix 9.4 (docs/example-pipeline.md): the original cast to bare "decimal" = decimal(10,0) and lost the cents.
        F.col("VALOR_NET").cast(MONEY).alias("VALOR_NET"),
        F.col("VALOR_TRIBUTO").cast(MONEY).alias("VALOR_TRIBUTO"),
        F.col("VALOR_TOTAL").cast(MONEY).alias("VALOR_TOTAL"),
        "NOME_ITEM",
        F.col("QTD_ITEM").cast("int").alias("QTD_ITEM"),
    )
