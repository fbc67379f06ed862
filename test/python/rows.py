"""Crafted input rows for the rule tests."""

from __future__ import annotations

from external_libs.io import COMPRAS_COLUMNS

GOOD = {
    "NOME_FORNECEDOR": "Acme Pecas",
    "CNPJ_FORNECEDOR": "11222333000181",
    "EMAIL_FORNECEDOR": "vendas@acme.example",
    "TELEFONE_FORNECEDOR": "11-3333-4444",
    "NUMERO_NF": "1001",
    "DATA_EMISSAO": "2024-01-31",
    "VALOR_NET": "1000.00",
    "VALOR_TRIBUTO": "50.50",
    "VALOR_TOTAL": "1050.50",
    "NOME_ITEM": "Parafuso",
    "QTD_ITEM": "10",
    "CONDICAO_PAGAMENTO": "Entrada/30/60/90 dias",
    "CEP": "01310930",
    "NUM_ENDERECO": "100",
    "COMPLEMENTO": "SALA 2",
    "TIPO_ENDERECO": "fornecedor",
    "DATA_PROCESSAMENTO": "2024-09-01",
}
CONDITIONS = [
    (1, "A VISTA", 1, True),
    (2, "30 DIAS", 1, False),
    (3, "30/60 DIAS", 2, False),
    (4, "30/60/90 DIAS", 3, False),
    (5, "ENTRADA/30 DIAS", 2, True),
    (6, "ENTRADA/30/60 DIAS", 3, True),
    (7, "ENTRADA/30/60/90 DIAS", 4, True),
]
ADDRESS_TYPES = [(1, "COBRANCA", "COB"), (8, "FORNECEDOR", "FOR")]
CEPS = [1310930, 23085690]


def row(**changes) -> tuple:
    values = {**GOOD, **changes}
    return tuple(values[c] for c in COMPRAS_COLUMNS)


def compras_df(spark, rows):
    schema = ", ".join(f"{c} string" for c in COMPRAS_COLUMNS)
    return spark.createDataFrame(rows, schema)


def references(spark):
    return (
        spark.createDataFrame([(c,) for c in CEPS], "CEP int"),
        spark.createDataFrame(
            CONDITIONS,
            "ID_CONDICAO int, DESCRICAO string, QTD_PARCELAS int, ENTRADA boolean",
        ),
        spark.createDataFrame(
            ADDRESS_TYPES, "ID_TIPO_ENDERECO int, DESCRICAO string, SIGLA string"
        ),
    )
