"""Surrogate IDs (spec 6.2 vectors) and the supplier / address / invoice rules."""

import datetime as dt
from decimal import Decimal

import pytest
from pyspark.sql import functions as F
from rows import CONDITIONS, row

from external_libs.rules import invoices, suppliers


@pytest.fixture(scope="module")
def stage(spark):
    from rows import compras_df

    rows = [
        row(CNPJ_FORNECEDOR="91669747000192", NUMERO_NF="23085680", CEP="23085690",
            CONDICAO_PAGAMENTO="30/60 DIAS", VALOR_NET="180000", VALOR_TRIBUTO="9000",
            VALOR_TOTAL="189000", DATA_EMISSAO="2023-07-01", TIPO_ENDERECO="fornecedor"),
        # The same supplier with another phone (bug 9.6): both rows reach the merge.
        row(CNPJ_FORNECEDOR="91669747000192", NUMERO_NF="7", TELEFONE_FORNECEDOR="99",
            CEP="23085690", TIPO_ENDERECO="FORNECEDOR", CONDICAO_PAGAMENTO="NO SUCH"),
        row(NUMERO_NF="1001", VALOR_NET="1000.45", VALOR_TRIBUTO="0.05", VALOR_TOTAL="1000.50"),
        row(NUMERO_NF="1002", CNPJ_FORNECEDOR="03279318000141"),  # supplier not in the table
    ]  # fmt: skip
    return compras_df(spark, rows)


def test_spark_hash_vectors(spark):
    got = (
        spark.range(1)
        .select(
            F.hash(F.lit(1)).alias("int1"),
            F.hash(F.lit("")).alias("empty"),
            F.hash(F.lit("Spark"), F.array(F.lit(123)), F.lit(2)).alias("doc"),
            F.hash(F.lit("12091809000155")).alias("cnpj"),
        )
        .first()
    )
    assert got.asDict() == {
        "int1": -559580957,
        "empty": 142593372,
        "doc": -1321691492,
        "cnpj": -3974608,
    }


def test_supplier_ids_and_deduplicated_contacts(spark, stage):
    rows = suppliers.fornecedores(stage).collect()
    by_cnpj = {}
    for r in rows:
        by_cnpj.setdefault(r.CNPJ, []).append(r)
    assert {r.ID_FORNECEDOR for r in by_cnpj["91669747000192"]} == {-303207486}
    assert (
        len(by_cnpj["91669747000192"]) == 2
    )  # one per contact variant; the merge picks one
    assert len(rows) == 4


def test_address_rows_and_id(spark, stage):
    fornecedores = spark.createDataFrame(
        [
            (-303207486, "X", "91669747000192", None, None),
            (123, "ACME", "11222333000181", None, None),
        ],
        "ID_FORNECEDOR int, NOME string, CNPJ string, EMAIL string, TELEFONE string",
    )
    types = spark.createDataFrame(
        [(8, "FORNECEDOR", "FOR")],
        "ID_TIPO_ENDERECO int, DESCRICAO string, SIGLA string",
    )
    rows = suppliers.enderecos_fornecedores(stage, fornecedores, types).collect()
    mine = [r for r in rows if r.ID_FORNECEDOR == -303207486]
    # Two stage rows (type in two cases) give the same key; the merge keeps one.
    assert {(r.CEP, r.ID_TIPO_ENDERECO, r.ID_ENDERECO_FORNECEDOR) for r in mine} == {
        (23085690, 8, 1465926110)
    }
    acme = [r for r in rows if r.ID_FORNECEDOR == 123]
    assert [(r.CEP, r.COMPLEMENTO) for r in acme] == [
        (1310930, "SALA 2")
    ]  # leading zero gone
    assert len(rows) == len(mine) + 1  # the supplier absent from the table is dropped


def test_invoice_rows_types_and_ids(spark, stage):
    fornecedores = spark.createDataFrame(
        [(-303207486, "91669747000192"), (123, "11222333000181")],
        "ID_FORNECEDOR int, CNPJ string",
    )
    conditions = spark.createDataFrame(
        CONDITIONS,
        "ID_CONDICAO int, DESCRICAO string, QTD_PARCELAS int, ENTRADA boolean",
    )
    rows = {
        r.NUMERO_NF: r
        for r in invoices.notas_fiscais_entrada(
            stage, fornecedores, conditions
        ).collect()
    }
    assert set(rows) == {"23085680", "7", "1001"}
    nf = rows["23085680"]
    assert (nf.ID_NF_ENTRADA, nf.ID_FORNECEDOR, nf.ID_CONDICAO) == (
        1676383284,
        -303207486,
        3,
    )
    assert nf.DATA_EMISSAO == dt.date(2023, 7, 1)
    assert nf.VALOR_TOTAL == Decimal("189000.00")
    assert rows["7"].ID_CONDICAO is None  # left join: unknown condition
    # Fix 9.4: cents survive (the original's decimal(10,0) made these 1000, 0 and 1001).
    assert (rows["1001"].VALOR_NET, rows["1001"].VALOR_TRIBUTO, rows["1001"].VALOR_TOTAL) == (
        Decimal("1000.45"), Decimal("0.05"), Decimal("1000.50"))  # fmt: skip
    assert rows["1001"].QTD_ITEM == 10
