"""Readers and writers of the pipeline's files and tables (file names and formats: docs/example-pipeline.md, "Sample data").

Every input column is read as a string; the jobs convert explicitly. Spark's CSV reader drops a
leading UTF-8 BOM, accepts CRLF and LF, and reads an empty field as NULL.
"""

from __future__ import annotations

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import types as T

from external_libs import DATABASE, table_name
from external_libs.job_args import join_path

COMPRAS_FILE = "compras.csv"
CEP_FILE = "TB_CEP_BR_2018.csv"
CONDICAO_FILE = "condicao_pagamento.csv"
TIPO_ENDERECO_FILE = "tipo_endereco.csv"
STAGE_DIR = "compras.parquet"
REJECTS_DIR = "rejected_compras_stg.csv"

COMPRAS_COLUMNS = [
    "NOME_FORNECEDOR",
    "CNPJ_FORNECEDOR",
    "EMAIL_FORNECEDOR",
    "TELEFONE_FORNECEDOR",
    "NUMERO_NF",
    "DATA_EMISSAO",
    "VALOR_NET",
    "VALOR_TRIBUTO",
    "VALOR_TOTAL",
    "NOME_ITEM",
    "QTD_ITEM",
    "CONDICAO_PAGAMENTO",
    "CEP",
    "NUM_ENDERECO",
    "COMPLEMENTO",
    "TIPO_ENDERECO",
    "DATA_PROCESSAMENTO",
]
CEP_COLUMNS = ["CEP", "UF", "CIDADE", "BAIRRO", "LOGRADOURO"]


def _strings(columns: list[str]) -> T.StructType:
    return T.StructType([T.StructField(c, T.StringType(), True) for c in columns])


def _csv(
    spark: SparkSession, path: str, *, header: bool, sep: str = ",", schema=None
) -> DataFrame:
    reader = (
        spark.read.option("header", header)
        .option("sep", sep)
        .option("encoding", "UTF-8")
        .option("mode", "PERMISSIVE")
        # RFC 4180 quoting: a quote inside a quoted field is doubled (Spark's default is backslash).
        .option("quote", '"')
        .option("escape", '"')
        # Values are trimmed by the jobs (spaces only, as the spec says), never by the reader.
        .option("ignoreLeadingWhiteSpace", False)
        .option("ignoreTrailingWhiteSpace", False)
    )
    if schema is not None:
        reader = reader.schema(schema)
    return reader.csv(path)


def read_compras(spark: SparkSession, source_path: str) -> DataFrame:
    """compras.csv: comma, header; columns taken by position under their spec names."""
    df = _csv(
        spark,
        join_path(source_path, COMPRAS_FILE),
        header=True,
        schema=_strings(COMPRAS_COLUMNS),
    )
    return df


def read_cep_file(spark: SparkSession, source_path: str) -> DataFrame:
    """TB_CEP_BR_2018.csv: semicolon, no header, BOM; CEP kept as text here (converted by the rules)."""
    return _csv(
        spark,
        join_path(source_path, CEP_FILE),
        header=False,
        sep=";",
        schema=_strings(CEP_COLUMNS),
    )


def read_condicao_pagamento_file(spark: SparkSession, source_path: str) -> DataFrame:
    """condicao_pagamento.csv: comma, header (BOM): ID_CONDICAO, DESCRICAO, QTD_PARCELAS, ENTRADA."""
    return _csv(spark, join_path(source_path, CONDICAO_FILE), header=True)


def read_tipo_endereco_file(spark: SparkSession, source_path: str) -> DataFrame:
    """tipo_endereco.csv: comma, lower-case header: id_tipo_endereco, nome_tipo_endereco, sigla."""
    return _csv(spark, join_path(source_path, TIPO_ENDERECO_FILE), header=True)


def write_stage(df: DataFrame, work_path: str) -> None:
    df.write.mode("overwrite").parquet(join_path(work_path, STAGE_DIR))


def read_stage(spark: SparkSession, work_path: str) -> DataFrame:
    return spark.read.parquet(join_path(work_path, STAGE_DIR))


def write_rejects(df: DataFrame, work_path: str) -> None:
    """One CSV part with a header; quotes doubled (RFC 4180), values written as they are."""
    (
        df.coalesce(1)
        .write.mode("overwrite")
        .option("header", True)
        .option("quote", '"')
        .option("escape", '"')
        .option("ignoreLeadingWhiteSpace", False)
        .option("ignoreTrailingWhiteSpace", False)
        .csv(join_path(work_path, REJECTS_DIR))
    )


def read_rejects(spark: SparkSession, work_path: str) -> DataFrame:
    return (
        spark.read.option("header", True)
        .option("escape", '"')
        .csv(join_path(work_path, REJECTS_DIR))
    )


def read_table(spark: SparkSession, table: str, database: str = DATABASE) -> DataFrame:
    return spark.table(table_name(table, database))
