"""Supplier rules (docs/example-pipeline.md): suppliers and supplier addresses from the stage.

IDs are 64-bit (`xxhash64`, seed 42; external_libs/rules/ids.py), no longer the original's 32-bit
`hash`, whose collisions lost rows at scale (docs/example-pipeline.md). The address ID hashes its key columns as
separate values instead of their separator-less (ambiguous) text concatenation.
"""

from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from external_libs.rules.ids import ID_TYPE, address_id, supplier_id


def fornecedores(stage: DataFrame) -> DataFrame:
    """ID_FORNECEDOR, NOME, CNPJ, EMAIL, TELEFONE; one row per distinct contact tuple. A CNPJ seen
    with different contact data keeps several rows here; the merge keeps one deterministic winner
    per CNPJ (fix 9.6, docs/example-pipeline.md)."""
    df = stage.select(
        F.col("NOME_FORNECEDOR").alias("NOME"),
        F.col("CNPJ_FORNECEDOR").alias("CNPJ"),
        F.col("EMAIL_FORNECEDOR").alias("EMAIL"),
        F.col("TELEFONE_FORNECEDOR").alias("TELEFONE"),
    ).distinct()
    return df.select(
        supplier_id("CNPJ").alias("ID_FORNECEDOR"), "NOME", "CNPJ", "EMAIL", "TELEFONE"
    )


def enderecos_fornecedores(
    stage: DataFrame, suppliers: DataFrame, address_types: DataFrame
) -> DataFrame:
    """Addresses joined to the supplier (by CNPJ) and the address type (by upper-cased description).

    Both joins are inner: a line whose address type is not in `address_types` gives no address row
    here, and only here (its supplier and invoice are loaded by the other jobs; docs/
    example-pipeline.md, "Rules", rule R1)."""
    addresses = stage.select(
        "CNPJ_FORNECEDOR", "TIPO_ENDERECO", "NUM_ENDERECO", "COMPLEMENTO", "CEP"
    ).distinct()
    joined = addresses.join(
        suppliers.select("ID_FORNECEDOR", "CNPJ").distinct(),
        addresses.CNPJ_FORNECEDOR == suppliers.CNPJ,
    ).join(
        address_types.select("ID_TIPO_ENDERECO", "DESCRICAO"),
        F.upper(addresses.TIPO_ENDERECO) == address_types.DESCRICAO,
    )
    df = joined.select(
        F.col("CEP").cast("int").alias("CEP"),
        F.col("ID_FORNECEDOR").cast(ID_TYPE).alias("ID_FORNECEDOR"),
        "ID_TIPO_ENDERECO",
        "NUM_ENDERECO",
        "COMPLEMENTO",
    )
    return df.select(
        address_id().alias("ID_ENDERECO_FORNECEDOR"),
        "CEP",
        "ID_FORNECEDOR",
        "ID_TIPO_ENDERECO",
        "NUM_ENDERECO",
        "COMPLEMENTO",
    )
