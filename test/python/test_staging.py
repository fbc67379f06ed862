"""Stage rules (docs/example-pipeline.md, "Rules"), on crafted rows."""

import pytest
from rows import GOOD, compras_df, references, row

from external_libs.rules import staging as S

CASES = [
    ({"EMAIL_FORNECEDOR": None}, "null column(s)"),
    (
        {"NOME_ITEM": "   "},
        "null column(s)",
    ),  # fix 9.10 (docs/example-pipeline.md): blank counts as missing
    ({"CONDICAO_PAGAMENTO": None}, "null column(s)"),
    (
        {"CONDICAO_PAGAMENTO": "30/60/90/120 dias"},
        "invalid payment condition",
    ),  # fix 9.1 (docs/example-pipeline.md)
    ({"CNPJ_FORNECEDOR": "1222333000181"}, "invalid CNPJ"),
    ({"CNPJ_FORNECEDOR": None}, "null column(s), invalid CNPJ"),
    ({"CEP": "99999999"}, "invalid CEP"),
    ({"CEP": "01310-930"}, "invalid CEP"),
    ({"CEP": "ABC"}, "invalid CEP"),
    ({"CEP": None}, "null column(s), invalid CEP"),
    (
        {"DATA_EMISSAO": "2024-02-30"},
        "invalid date",
    ),  # fix 9.11 (docs/example-pipeline.md)
    ({"DATA_EMISSAO": "31/01/2024"}, "invalid date"),
    ({"VALOR_TOTAL": "1.050,50"}, "invalid number"),
    ({"VALOR_NET": "12.345"}, "invalid number"),
    ({"QTD_ITEM": "0"}, "invalid number"),
    (
        {
            "EMAIL_FORNECEDOR": None,
            "CNPJ_FORNECEDOR": "1",
            "CEP": "1",
            "DATA_EMISSAO": "x",
        },
        "null column(s), invalid CNPJ, invalid CEP, invalid date",
    ),
]
CONDITION_TEXTS = [
    "A vista",
    "30 dias",
    "30/60 dias",
    "30/60/90 dias",  # rejected by the original (bug 9.2, docs/example-pipeline.md)
    "Entrada/30 dias",
    "Entrada/30/60 dias",
    "ENTRADA/30/60/90 DIAS",
]


@pytest.fixture(scope="module")
def staged(spark):
    """All crafted rows through the rules in one go (one Spark run for the whole module)."""
    rows = [
        row(NUMERO_NF=f"case{i}", **changes) for i, (changes, _) in enumerate(CASES)
    ]
    rows += [
        row(NUMERO_NF=f"cond{i}", CONDICAO_PAGAMENTO=f" {t.lower()} ")
        for i, t in enumerate(CONDITION_TEXTS)
    ]
    rows += [
        row(NOME_FORNECEDOR="  Acme Pecas ", COMPLEMENTO=None),  # NUMERO_NF 1001
        row(NUMERO_NF="unknown-cond", CONDICAO_PAGAMENTO=" 45 dias "),
        row(NUMERO_NF="cep-no-zero", CEP="1310930"),
        row(NUMERO_NF="cep-other", CEP="23085690"),
        row(NUMERO_NF="unknown-type", TIPO_ENDERECO="deposito"),  # staged (rule R1)
        *[row(NUMERO_NF="dup")] * 3,
        *[row(NUMERO_NF="dup-bad", CEP="99999999")] * 2,
        row(NUMERO_NF="same"),
        row(
            NUMERO_NF="same",
            NOME_FORNECEDOR=" ACME PECAS",
            CONDICAO_PAGAMENTO="entrada/30/60/90 DIAS",
        ),
    ]
    valid, rejected = S.stage(compras_df(spark, rows), *references(spark))
    valid_rows = {}
    for r in valid.collect():
        valid_rows.setdefault(r.NUMERO_NF, []).append(r)
    return valid_rows, {r.NUMERO_NF: r for r in rejected.collect()}


def test_a_good_row_is_staged_normalised(staged):
    valid, rejected = staged
    assert "1001" not in rejected
    [r] = valid["1001"]
    assert r.NOME_FORNECEDOR == "ACME PECAS"
    assert (
        r.CONDICAO_PAGAMENTO == "ENTRADA/30/60/90 DIAS"
    )  # fix 9.2 (docs/example-pipeline.md): mapped to itself
    assert r.COMPLEMENTO == "N/A"
    assert r.CEP == "01310930"  # the stage keeps the text
    assert r.TIPO_ENDERECO == "fornecedor"


@pytest.mark.parametrize(
    ("index", "reasons"), [(i, r) for i, (_, r) in enumerate(CASES)]
)
def test_each_rejection_reason(staged, index, reasons):
    valid, rejected = staged
    assert f"case{index}" not in valid
    assert rejected[f"case{index}"].inconsistencies == reasons


def test_unknown_condition_keeps_its_text_with_the_marker(staged):
    valid, rejected = staged
    assert "unknown-cond" not in valid
    assert rejected["unknown-cond"].CONDICAO_PAGAMENTO == "45 DIAS (invalid)"
    assert rejected["unknown-cond"].inconsistencies == "invalid payment condition"


@pytest.mark.parametrize(("index", "text"), list(enumerate(CONDITION_TEXTS)))
def test_every_condition_maps_to_its_own_description(staged, index, text):
    valid, rejected = staged
    assert f"cond{index}" not in rejected
    assert [r.CONDICAO_PAGAMENTO for r in valid[f"cond{index}"]] == [text.upper()]


def test_cep_lookup_uses_the_integer_value(staged):
    valid, rejected = staged
    # A CEP that lost its leading zero still matches: the reference stores ints.
    assert "cep-no-zero" in valid and "cep-other" in valid
    assert not {"cep-no-zero", "cep-other"} & set(rejected)


def test_unknown_address_type_does_not_reject(staged):
    valid, rejected = staged
    assert "unknown-type" in valid and "unknown-type" not in rejected


def test_duplicates_are_staged_once_and_reported_once(staged):
    valid, rejected = staged
    assert len(valid["dup"]) == 1
    assert rejected["dup"].inconsistencies == "duplicated"
    assert "dup-bad" not in valid
    assert rejected["dup-bad"].inconsistencies == "duplicated, invalid CEP"


def test_rows_equal_after_normalisation_are_duplicates(staged):
    valid, rejected = staged
    assert len(valid["same"]) == 1
    assert rejected["same"].inconsistencies == "duplicated"


def test_nothing_else_is_rejected(staged):
    _, rejected = staged
    expected = {f"case{i}" for i in range(len(CASES))} | {
        "unknown-cond",
        "dup",
        "dup-bad",
        "same",
    }
    assert set(rejected) == expected


def test_reasons_follow_the_fixed_order():
    assert S.REASONS == [
        "duplicated",
        "null column(s)",
        "invalid payment condition",
        "invalid CNPJ",
        "invalid CEP",
        "invalid address type",
        "invalid date",
        "invalid number",
    ]
    assert GOOD["NUMERO_NF"] == "1001"
