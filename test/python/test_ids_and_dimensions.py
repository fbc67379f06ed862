"""Surrogate IDs (64-bit xxhash64 vectors, fix 9.12 of docs/example-pipeline.md) and the supplier / address / invoice rules."""

import datetime as dt
from decimal import Decimal

import pytest
from pyspark.sql import functions as F
from rows import CONDITIONS, row

from external_libs.rules import ids, invoices, suppliers


@pytest.fixture(scope="module")
def stage(spark):
    from rows import compras_df

    rows = [
        row(CNPJ_FORNECEDOR="91669747000192", NUMERO_NF="23085680", CEP="23085690",
            CONDICAO_PAGAMENTO="30/60 DIAS", VALOR_NET="180000", VALOR_TRIBUTO="9000",
            VALOR_TOTAL="189000", DATA_EMISSAO="2023-07-01", TIPO_ENDERECO="fornecedor"),
        # The same supplier with another phone (bug 9.6, docs/example-pipeline.md): both rows reach the merge.
        row(CNPJ_FORNECEDOR="91669747000192", NUMERO_NF="7", TELEFONE_FORNECEDOR="99",
            CEP="23085690", TIPO_ENDERECO="FORNECEDOR", CONDICAO_PAGAMENTO="NO SUCH"),
        row(NUMERO_NF="1001", VALOR_NET="1000.45", VALOR_TRIBUTO="0.05", VALOR_TOTAL="1000.50"),
        row(NUMERO_NF="1002", CNPJ_FORNECEDOR="03279318000141"),  # supplier not in the table
    ]  # fmt: skip
    return compras_df(spark, rows)


# 64-bit ID vectors (fix 9.12 of docs/example-pipeline.md; the original's were 32-bit).
# Computed once, offline, by an independent pure-Python XXH64 (seed 42; an int / bigint is hashed
# as its 4 / 8 little-endian bytes, several arguments chained: each result seeds the next), itself
# checked against the `xxhash` package, and cross-checked with Spark 3.5's xxhash64. The "doc" value
# is also Spark's documented example `xxhash64('Spark', array(123), 2)`.
SUPPLIER_ID = -2321048264249348086  # CNPJ '91669747000192'
INVOICE_ID = 5290263987625084478  # NUMERO_NF '23085680'
ADDRESS_ID = 4509239478570754547  # CEP 23085690, supplier SUPPLIER_ID, type 8
INSTALLMENT_IDS = {1: 1050384166005877301, 2: 3504980310753667117}  # (INVOICE_ID, k)
ACME_ID = 123  # a supplier id made up for the address test
ACME_ADDRESS_ID = -2656471908834759547  # CEP 1310930, supplier 123, type 8


def test_xxhash64_vectors(spark):
    got = (
        spark.range(1)
        .select(
            F.xxhash64(F.lit(1)).alias("int1"),
            F.xxhash64(F.lit("")).alias("empty"),
            F.xxhash64(F.lit("Spark"), F.array(F.lit(123)), F.lit(2)).alias("doc"),
            F.xxhash64(F.lit("12091809000155")).alias("cnpj"),
        )
        .first()
    )
    assert got.asDict() == {
        "int1": -6698625589789238999,
        "empty": -7444071767201028348,
        "doc": 5602566077635097486,
        "cnpj": 690042250272130156,
    }


def test_id_rules_vectors(spark):
    df = spark.createDataFrame(
        [("91669747000192", "23085680", 23085690, SUPPLIER_ID, 8, INVOICE_ID, 1, 2)],
        "CNPJ string, NUMERO_NF string, CEP int, ID_FORNECEDOR bigint, "
        "ID_TIPO_ENDERECO int, ID_NF_ENTRADA bigint, K1 int, K2 int",
    )
    got = df.select(
        ids.supplier_id("CNPJ").alias("sup"),
        ids.invoice_id("NUMERO_NF").alias("nf"),
        ids.address_id().alias("addr"),
        ids.installment_id("ID_NF_ENTRADA", "K1").alias("k1"),
        ids.installment_id("ID_NF_ENTRADA", "K2").alias("k2"),
    )
    assert [f.dataType.simpleString() for f in got.schema] == ["bigint"] * 5
    assert got.first().asDict() == {
        "sup": SUPPLIER_ID,
        "nf": INVOICE_ID,
        "addr": ADDRESS_ID,
        "k1": INSTALLMENT_IDS[1],
        "k2": INSTALLMENT_IDS[2],
    }


def test_ids_do_not_depend_on_the_input_column_types(spark):
    # xxhash64 of an int differs from that of the same bigint: the rules cast before hashing.
    df = spark.createDataFrame(
        [(1310930, 123, 8, 23085690, 8)],
        "CEP long, ID_FORNECEDOR int, ID_TIPO_ENDERECO long, ID_NF_ENTRADA int, N long",
    )
    got = df.select(
        ids.address_id().alias("addr"),
        ids.installment_id("ID_NF_ENTRADA", "N").alias("inst"),
        F.xxhash64(F.col("ID_NF_ENTRADA"), F.col("N")).alias("uncast"),
    ).first()
    assert got.addr == ACME_ADDRESS_ID
    assert got.inst == 3385984784137893768  # xxhash64(bigint 23085690, int 8)
    assert got.uncast != got.inst


def test_old_32bit_hash_collides_where_the_64bit_ids_do_not(spark):
    # Two invoice numbers of the generator's format (consecutive decimal NF numbers) found by brute
    # force, offline, over the 1,000,000 numbers of `datagen.generate --rows 1000000 --seed 7`
    # (479599..1479598; 107 colliding pairs, 90 of them among the 912,500 staged invoices, this one
    # included): Spark's 32-bit `hash` gives both the same ID, so the original merged their
    # installments (docs/example-pipeline.md). Their xxhash64 IDs differ.
    a, b = "510053", "510892"
    df = spark.createDataFrame([(a,), (b,)], "NUMERO_NF string")
    got = df.select(
        "NUMERO_NF",
        F.hash("NUMERO_NF").alias("old"),
        ids.invoice_id("NUMERO_NF").alias("new"),
    ).collect()
    assert {r.NUMERO_NF: (r.old, r.new) for r in got} == {
        a: (224499757, -490621438901252364),
        b: (224499757, -578329018692516404),
    }


def test_address_id_no_longer_ambiguous(spark):
    # The original hashed the separator-less text of CEP, supplier and type: CEP 1 + supplier 23
    # and CEP 12 + supplier 3 (type 8) are both "1238". The key columns are now hashed as values.
    df = spark.createDataFrame(
        [(1, 23, 8), (12, 3, 8)], "CEP int, ID_FORNECEDOR bigint, ID_TIPO_ENDERECO int"
    )
    text = F.concat(*(F.col(c).cast("string") for c in df.columns))
    got = df.select(F.hash(text).alias("old"), ids.address_id().alias("new")).collect()
    assert [(r.old, r.new) for r in got] == [
        (1613488059, 8044921818210781361),
        (1613488059, 4768866323605118316),
    ]


def test_supplier_ids_and_deduplicated_contacts(spark, stage):
    rows = suppliers.fornecedores(stage).collect()
    by_cnpj = {}
    for r in rows:
        by_cnpj.setdefault(r.CNPJ, []).append(r)
    assert {r.ID_FORNECEDOR for r in by_cnpj["91669747000192"]} == {SUPPLIER_ID}
    assert (
        len(by_cnpj["91669747000192"]) == 2
    )  # one per contact variant; the merge picks one
    assert len(rows) == 4


def test_address_rows_and_id(spark, stage):
    fornecedores = spark.createDataFrame(
        [
            (SUPPLIER_ID, "X", "91669747000192", None, None),
            (ACME_ID, "ACME", "11222333000181", None, None),
        ],
        "ID_FORNECEDOR bigint, NOME string, CNPJ string, EMAIL string, TELEFONE string",
    )
    types = spark.createDataFrame(
        [(8, "FORNECEDOR", "FOR")],
        "ID_TIPO_ENDERECO int, DESCRICAO string, SIGLA string",
    )
    rows = suppliers.enderecos_fornecedores(stage, fornecedores, types).collect()
    mine = [r for r in rows if r.ID_FORNECEDOR == SUPPLIER_ID]
    # Two stage rows (type in two cases) give the same key; the merge keeps one.
    assert {(r.CEP, r.ID_TIPO_ENDERECO, r.ID_ENDERECO_FORNECEDOR) for r in mine} == {
        (23085690, 8, ADDRESS_ID)
    }
    acme = [r for r in rows if r.ID_FORNECEDOR == ACME_ID]
    assert [(r.CEP, r.COMPLEMENTO, r.ID_ENDERECO_FORNECEDOR) for r in acme] == [
        (1310930, "SALA 2", ACME_ADDRESS_ID)
    ]  # leading zero gone
    assert len(rows) == len(mine) + 1  # the supplier absent from the table is dropped


def test_invoice_rows_types_and_ids(spark, stage):
    fornecedores = spark.createDataFrame(
        [(SUPPLIER_ID, "91669747000192"), (ACME_ID, "11222333000181")],
        "ID_FORNECEDOR bigint, CNPJ string",
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
        INVOICE_ID,
        SUPPLIER_ID,
        3,
    )
    assert nf.DATA_EMISSAO == dt.date(2023, 7, 1)
    assert nf.VALOR_TOTAL == Decimal("189000.00")
    assert rows["7"].ID_CONDICAO is None  # left join: unknown condition
    # Fix 9.4 (docs/example-pipeline.md): cents survive (the original's decimal(10,0) made these 1000, 0 and 1001).
    assert (rows["1001"].VALOR_NET, rows["1001"].VALOR_TRIBUTO, rows["1001"].VALOR_TOTAL) == (
        Decimal("1000.45"), Decimal("0.05"), Decimal("1000.50"))  # fmt: skip
    assert rows["1001"].QTD_ITEM == 10
