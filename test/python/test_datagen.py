"""The generator is deterministic, the committed sample is exactly its output, and the sample
covers every rejection reason and payment condition."""

import datetime as dt
import filecmp

import expected
from pipeline_runner import REPO

from datagen.generate import CONDITIONS, SAMPLE_RUN_DATE, generate
from external_libs.rules import staging as S
from external_libs.rules.cnpj import is_valid_cnpj

FILES = [
    "compras.csv",
    "condicao_pagamento.csv",
    "tipo_endereco.csv",
    "TB_CEP_BR_2018.csv",
]


def test_committed_sample_is_the_generator_output(tmp_path):
    generate(tmp_path)
    assert sorted(p.name for p in (REPO / "data").iterdir()) == sorted(FILES)
    match, mismatch, errors = filecmp.cmpfiles(
        REPO / "data", tmp_path, FILES, shallow=False
    )
    assert (mismatch, errors) == ([], []), (
        "data/ differs: run python -m datagen.generate"
    )


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate(a, rows=300, seed=1)
    generate(b, rows=300, seed=1)
    generate(c, rows=300, seed=2)
    assert (a / "compras.csv").read_bytes() == (b / "compras.csv").read_bytes()
    assert (a / "compras.csv").read_bytes() != (c / "compras.csv").read_bytes()
    assert len((a / "compras.csv").read_bytes().splitlines()) > 300


def test_sample_truth_matches_the_documented_counts(tmp_path):
    truth = generate(tmp_path, run_date=SAMPLE_RUN_DATE)
    assert SAMPLE_RUN_DATE == dt.date.fromisoformat(expected.RUN_DATE)
    assert truth.stage_rows == expected.STAGE_ROWS
    assert truth.rejected_rows == expected.REJECTED_ROWS
    labels = {}
    for combo, n in expected.REJECT_BREAKDOWN.items():
        for label in combo.split(", "):
            labels[label] = labels.get(label, 0) + n
    assert truth.reasons == labels
    # Every reason occurs except `invalid address type`, reported only on request (rule R1).
    reported = set(S.REASONS) - {S.INVALID_ADDRESS_TYPE}
    assert set(truth.reasons) == reported and all(truth.reasons.values())
    for table, rows in expected.TABLE_ROWS.items():
        assert getattr(truth, table) == rows, table
    assert (truth.pago, truth.pendente) == (
        expected.STATUS["PAGO"],
        expected.STATUS["PENDENTE"],
    )


def test_sample_formats_and_coverage():
    data = REPO / "data"
    compras = (data / "compras.csv").read_bytes()
    assert (
        compras.startswith(b"NOME_FORNECEDOR,")
        and b"\r\n" in compras
        and compras.isascii()
    )
    assert (
        (data / "condicao_pagamento.csv")
        .read_bytes()
        .startswith(b"\xef\xbb\xbfID_CONDICAO,")
    )
    tipo = (data / "tipo_endereco.csv").read_bytes()
    assert tipo.startswith(b"id_tipo_endereco,") and b"\r" not in tipo
    cep = (data / "TB_CEP_BR_2018.csv").read_bytes()
    assert cep.startswith(b"\xef\xbb\xbf") and b";" in cep and not cep.endswith(b"\n")
    cep.decode("utf-8")  # accented names, valid UTF-8
    lines = compras.decode().splitlines()[1:]
    conditions = {line.split(",")[11].strip().upper() for line in lines}
    assert {d.upper() for d, _, _ in CONDITIONS} <= conditions
    cnpjs = [line.split(",")[1] for line in lines]
    assert sum(map(is_valid_cnpj, cnpjs)) > len(cnpjs) // 2
