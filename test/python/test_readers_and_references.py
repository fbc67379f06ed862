"""Input formats (BOM, CRLF/LF, no final newline, empty = NULL) and the reference rules."""

import pytest

from external_libs import io
from external_libs.rules import references

BOM = "\ufeff"


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    d = tmp_path_factory.mktemp("source")
    (d / io.CEP_FILE).write_bytes(
        (
            BOM
            + "01310930;sp;São Paulo ; Bela Vista;Praça da Sé\r\n23085690;RJ;Rio;Centro;Rua A\r\nxx;RJ;Rio;C;R"
        ).encode()
    )
    (d / io.CONDICAO_FILE).write_bytes(
        (
            BOM
            + "ID_CONDICAO,DESCRICAO,QTD_PARCELAS,ENTRADA\r\n1, A vista ,1,1\r\n2,30 dias,1,0\r\n9,Nunca,0,0\r\n"
        ).encode()
    )
    (d / io.TIPO_ENDERECO_FILE).write_text(
        "id_tipo_endereco,nome_tipo_endereco,sigla_endereco\n8,fornecedor,for\n"
    )
    header = ",".join(io.COMPRAS_COLUMNS)
    line = '"Acme, ""SP""",11222333000181,a@b.c,1,10,2024-01-01,1,0,1,X,1,30 dias,01310930,5,,fornecedor,2024-09-01'
    (d / io.COMPRAS_FILE).write_bytes(f"{header}\r\n{line}\r\n".encode("ascii"))
    return str(d)


def test_compras_reads_strings_and_empty_as_null(spark, source):
    [r] = io.read_compras(spark, source).collect()
    assert r.NOME_FORNECEDOR == 'Acme, "SP"'  # RFC 4180 quoting
    assert r.CEP == "01310930"  # text: leading zero kept
    assert r.COMPLEMENTO is None
    assert r.DATA_PROCESSAMENTO == "2024-09-01"  # no stray \r from CRLF


def test_cep_file_bom_is_dropped_and_text_upper_cased(spark, source):
    rows = references.cep(io.read_cep_file(spark, source)).collect()
    by_cep = {r.CEP: r for r in rows}
    assert by_cep[1310930].asDict() == {
        "CEP": 1310930, "UF": "SP", "CIDADE": "SÃO PAULO", "BAIRRO": "BELA VISTA", "LOGRADOURO": "PRAÇA DA SÉ"
    }  # fmt: skip
    assert by_cep[23085690].LOGRADOURO == "RUA A"  # the last line has no newline
    assert None in by_cep  # "xx" is no CEP: NULL key, dropped by the merge
    assert len(rows) == 3


def test_conditions_keep_entrada_and_drop_zero_installments(spark, source):
    rows = references.condicao_pagamento(
        io.read_condicao_pagamento_file(spark, source)
    ).collect()
    assert sorted(tuple(r) for r in rows) == [
        (1, "A VISTA", 1, True),
        (2, "30 DIAS", 1, False),
    ]


def test_address_types_from_lower_case_header(spark, source):
    rows = references.tipo_endereco(io.read_tipo_endereco_file(spark, source)).collect()
    assert [tuple(r) for r in rows] == [(8, "FORNECEDOR", "FOR")]


def test_rejects_csv_round_trip_keeps_quotes_and_spaces(spark, tmp_path):
    df = spark.createDataFrame([('a, "b"', " x ")], "A string, B string")
    io.write_rejects(df, str(tmp_path))
    [r] = io.read_rejects(spark, str(tmp_path)).collect()
    assert (r.A, r.B) == ('a, "b"', " x ")
