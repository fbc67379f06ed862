"""Write the four input files of the purchases pipeline, deterministically (seeded), at any size.

    python -m datagen.generate                       # the committed sample: data/ (seed 20240501)
    python -m datagen.generate --rows 1000000 --out /tmp/bench --seed 7

Formats as the original's (docs/example-pipeline.md, "Sample data"): compras.csv comma + header + CRLF, ASCII, no BOM;
condicao_pagamento.csv BOM + CRLF; tipo_endereco.csv lower-case header + LF; TB_CEP_BR_2018.csv
semicolon, no header, UTF-8 BOM, CRLF, accented names. Suppliers, CNPJs (valid check digits) and
CEPs are invented here. About 10% of the lines (at least one of each kind) carry a known defect, so
every rejection reason occurs (plus one line with an unknown address type, which is staged);
every payment condition occurs among the valid lines. The generator
also returns what the pipeline must produce from the files (`Truth`), computed from what it wrote.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import random
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from external_libs.io import COMPRAS_COLUMNS
from external_libs.rules import staging as S
from external_libs.rules.cnpj import check_digits

SAMPLE_ROWS = 40
SAMPLE_SEED = 20240501
SAMPLE_RUN_DATE = dt.date(
    2024, 9, 1
)  # "today" of the documented results: the processing date
PROCESSING_DATE = "2024-09-01"
BOM = "\ufeff"

# (description as written in the file, installments, down payment)
CONDITIONS = [
    ("A vista", 1, 1),
    ("30 dias", 1, 0),
    ("30/60 dias", 2, 0),
    ("30/60/90 dias", 3, 0),
    ("Entrada/30 dias", 2, 1),
    ("Entrada/30/60 dias", 3, 1),
    ("Entrada/30/60/90 dias", 4, 1),
]
ADDRESS_TYPES = [
    ("cobranca", "COB"),
    ("entrega", "ENT"),
    ("faturamento", "FAT"),
    ("cobranca/entrega", "COB/ENT"),
    ("cobranca/faturamento", "COB/FAT"),
    ("entrega/faturamento", "ENT/FAT"),
    ("cobranca/entrega/faturamento", "COB/ENT/FAT"),
    ("fornecedor", "FOR"),
]
KNOWN_TYPES = {d.upper() for d, _ in ADDRESS_TYPES}
CITIES = [
    ("SP", "São Paulo", ["Bela Vista", "Consolação", "Mooca"]),
    ("MG", "Belo Horizonte", ["Savassi", "Funcionários"]),
    ("PR", "Curitiba", ["Água Verde", "Batel"]),
    ("BA", "Salvador", ["Itapuã", "Pituba"]),
]
STREETS = [
    "Rua das Acácias",
    "Avenida Paraná",
    "Praça da Sé",
    "Travessa São João",
    "Rua Irmã Dulce",
]
SYLLABLES = ["ta", "ri", "no", "ve", "lu", "ma", "co", "pe", "sa", "di", "ra", "go"]
SUFFIXES = ["Ltda", "SA", "Comercio", "Industria", "Servicos", "Logistica"]
ITEMS = [
    "Parafuso M8",
    "Chapa de aco",
    "Oleo hidraulico",
    "Luva nitrilica",
    "Cabo 4mm",
    "Tinta epoxi",
]
DEFECTS = [
    "null_field",
    "blank_field",
    "bad_condition",
    "cnpj_lost_zero",
    "cnpj_check_digit",
    "cnpj_letters",
    "cep_unknown",
    "cep_format",
    "address_type",
    "bad_date",
    "bad_number",
    "duplicate",
    "duplicate_bad_cep",
    "null_cnpj",
    "null_and_bad_cnpj",
    "contact_change",  # valid: a known CNPJ with another phone (fix 9.6 of docs/example-pipeline.md: one supplier row)
]


@dataclass
class Truth:
    """What the pipeline must produce from the generated files (first run, empty tables)."""

    compras_lines: int = 0
    stage_rows: int = 0
    rejected_rows: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    fornecedores: int = 0
    enderecos_fornecedores: int = 0
    notas_fiscais_entrada: int = 0
    programacao_pagamento: int = 0
    pago: int = 0
    pendente: int = 0
    cep: int = 0
    condicao_pagamento: int = len(CONDITIONS)
    tipo_endereco: int = len(ADDRESS_TYPES)


def valid_cnpj(rng: random.Random, leading_zero: bool = False) -> str:
    base = ("0" if leading_zero else str(rng.randint(1, 9))) + "".join(
        str(rng.randint(0, 9)) for _ in range(7)
    )
    base += "0001"  # branch number of a head office
    return base + check_digits(base)


def add_months(day: dt.date, months: int) -> dt.date:
    """Spark's add_months: same day, clamped to the end of a shorter month."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _name(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word} {rng.choice(SUFFIXES)}"


def _cases(rng: random.Random, text: str) -> str:
    """The same text as a person might type it: as is, upper, lower, or with stray spaces."""
    return rng.choice([text, text.upper(), text.lower(), f" {text} "])


def _ceps(rng: random.Random, count: int) -> list[str]:
    ceps = {"01310930"}  # one with a leading zero: stored as int 1310930
    while len(ceps) < count:
        ceps.add(f"{rng.randint(10000000, 99999998)}")
    return sorted(ceps)


def generate(
    out: Path,
    rows: int = SAMPLE_ROWS,
    seed: int = SAMPLE_SEED,
    run_date=SAMPLE_RUN_DATE,
):
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    ceps = _ceps(rng, max(12, rows // 100))
    unknown_cep = "99999999"  # never drawn: _ceps draws below it
    suppliers = []
    used: set[str] = set()
    for i in range(max(8, rows // 20)):
        tipo = ADDRESS_TYPES[i % len(ADDRESS_TYPES)][0]
        cnpj = valid_cnpj(rng, leading_zero=i == 1)
        while cnpj in used:  # one CNPJ per supplier, even among 50,000
            cnpj = valid_cnpj(rng)
        used.add(cnpj)
        suppliers.append(
            {
                "NOME_FORNECEDOR": _name(rng),
                "CNPJ_FORNECEDOR": cnpj,
                "EMAIL_FORNECEDOR": f"compras{i}@{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}.com.br",
                "TELEFONE_FORNECEDOR": f"{rng.randint(11, 99)}-{rng.randint(3000, 9999)}-{rng.randint(1000, 9999)}",
                "CEP": ceps[i % len(ceps)],
                "NUM_ENDERECO": str(rng.randint(1, 4000)),
                "COMPLEMENTO": rng.choice(
                    ["", f"SALA {rng.randint(1, 99)}", f"GALPAO {rng.randint(1, 9)}"]
                ),
                "TIPO_ENDERECO": tipo,
            }
        )

    n_defects = max(len(DEFECTS), round(rows * 0.1))
    defect_rows = sorted(rng.sample(range(rows), min(rows, n_defects)))
    defect_of = {r: DEFECTS[k % len(DEFECTS)] for k, r in enumerate(defect_rows)}
    first_nf = rng.randint(100000, 900000)
    start = dt.date(2024, 1, 1)
    lines: list[dict[str, str]] = []
    extra: list[dict[str, str]] = []  # exact copies, appended at the end of the file
    labels: dict[int, set[str]] = {}  # id(row) -> reasons of that line
    clean_seen = 0
    for i in range(rows):
        sup = suppliers[i] if i < len(suppliers) else rng.choice(suppliers)
        if clean_seen < len(CONDITIONS) and i not in defect_of:
            cond = CONDITIONS[clean_seen]  # every condition among the first valid lines
        else:
            cond = rng.choice(CONDITIONS)
        # Month ends (Jan 31 -> Feb 29) come up on purpose now and then.
        issue = (
            dt.date(2024, 1, 31)
            if i % 9 == 4
            else start + dt.timedelta(days=rng.randint(0, 240))
        )
        cents = rng.random() < 0.6
        net = rng.randint(1_000, 900_000) * 100 + (rng.randint(0, 99) if cents else 0)
        tax = net * rng.choice([0, 5, 12]) // 100
        money = (
            (lambda v: f"{v // 100}.{v % 100:02d}")
            if cents
            else (lambda v: str(v // 100))
        )
        if not cents:
            tax -= tax % 100
        row = dict(sup)
        row.update(
            {
                "NOME_FORNECEDOR": _cases(rng, sup["NOME_FORNECEDOR"]),
                "TIPO_ENDERECO": rng.choice(
                    [sup["TIPO_ENDERECO"], sup["TIPO_ENDERECO"].upper()]
                ),
                "NUMERO_NF": str(first_nf + i),
                "DATA_EMISSAO": issue.isoformat(),
                "VALOR_NET": money(net),
                "VALOR_TRIBUTO": money(tax),
                "VALOR_TOTAL": money(net + tax),
                "NOME_ITEM": rng.choice(ITEMS),
                "QTD_ITEM": str(rng.randint(1, 500)),
                "CONDICAO_PAGAMENTO": _cases(rng, cond[0]),
                "DATA_PROCESSAMENTO": PROCESSING_DATE,
            }
        )
        reasons: set[str] = set()
        kind = defect_of.get(i)
        if kind is None:
            clean_seen += 1
        elif kind in ("null_field", "blank_field"):
            column = rng.choice(
                ["EMAIL_FORNECEDOR", "TELEFONE_FORNECEDOR", "NOME_ITEM", "NUM_ENDERECO"]
            )
            row[column] = "" if kind == "null_field" else "   "
            reasons.add(S.NULL_COLUMNS)
        elif kind == "bad_condition":
            row["CONDICAO_PAGAMENTO"] = "30/60/90/120 dias"
            reasons.add(S.INVALID_CONDITION)
        elif kind == "cnpj_lost_zero":
            row["CNPJ_FORNECEDOR"] = valid_cnpj(rng, leading_zero=True)[1:]
            reasons.add(S.INVALID_CNPJ)
        elif kind == "cnpj_check_digit":
            cnpj = row["CNPJ_FORNECEDOR"]
            row["CNPJ_FORNECEDOR"] = cnpj[:-1] + str((int(cnpj[-1]) + 1) % 10)
            reasons.add(S.INVALID_CNPJ)
        elif kind == "cnpj_letters":
            row["CNPJ_FORNECEDOR"] = row["CNPJ_FORNECEDOR"][:-2] + "XX"
            reasons.add(S.INVALID_CNPJ)
        elif kind in ("cep_unknown", "duplicate_bad_cep"):
            row["CEP"] = unknown_cep
            reasons.add(S.INVALID_CEP)
        elif kind == "cep_format":
            row["CEP"] = f"{row['CEP'][:5]}-{row['CEP'][5:]}"
            reasons.add(S.INVALID_CEP)
        elif kind == "address_type":
            # Not a rejection: the line is staged, only its address is left out (rule R1).
            row["TIPO_ENDERECO"] = "deposito"
        elif kind == "bad_date":
            row["DATA_EMISSAO"] = rng.choice(["2024-02-30", f"{issue:%d/%m/%Y}"])
            reasons.add(S.INVALID_DATE)
        elif kind == "bad_number":
            column, value = rng.choice([("VALOR_TOTAL", "1.234,56"), ("QTD_ITEM", "0")])
            row[column] = value
            reasons.add(S.INVALID_NUMBER)
        elif kind == "null_cnpj":
            row["CNPJ_FORNECEDOR"] = ""
            reasons.update({S.NULL_COLUMNS, S.INVALID_CNPJ})
        elif kind == "null_and_bad_cnpj":
            row["EMAIL_FORNECEDOR"] = ""
            row["CNPJ_FORNECEDOR"] = row["CNPJ_FORNECEDOR"][:-1]
            reasons.update({S.NULL_COLUMNS, S.INVALID_CNPJ})
        elif kind == "contact_change":
            row["TELEFONE_FORNECEDOR"] = "00-0000-0000"
        if kind in ("duplicate", "duplicate_bad_cep"):
            extra.append(row)
        lines.append(row)
        labels[id(row)] = reasons

    all_lines = lines + extra
    _write(out, ceps, all_lines, rng)
    return _truth(lines, extra, labels, ceps, run_date)


def _truth(lines, extra, labels, ceps, run_date) -> Truth:
    truth = Truth(compras_lines=len(lines) + len(extra), cep=len(ceps))
    duplicated = {id(r) for r in extra}
    reasons: Counter[str] = Counter()
    valid = []
    for row in lines:
        found = set(labels[id(row)])
        if id(row) in duplicated:
            found.add(S.DUPLICATED)
        if not found - {S.DUPLICATED}:
            valid.append(row)
        if found:
            truth.rejected_rows += 1
            reasons.update(found)
    # Default options: `invalid address type` is reported only on request.
    truth.reasons = {r: reasons[r] for r in S.REASONS if r != S.INVALID_ADDRESS_TYPE}
    truth.stage_rows = len(valid)
    truth.fornecedores = len({r["CNPJ_FORNECEDOR"] for r in valid})
    truth.enderecos_fornecedores = len(
        {
            (int(r["CEP"]), r["CNPJ_FORNECEDOR"], r["TIPO_ENDERECO"].upper())
            for r in valid
            if r["TIPO_ENDERECO"].upper() in KNOWN_TYPES
        }
    )
    truth.notas_fiscais_entrada = len({r["NUMERO_NF"] for r in valid})
    by_name = {d.upper(): (n, e) for d, n, e in CONDITIONS}
    for row in valid:
        count, entrada = by_name[row["CONDICAO_PAGAMENTO"].strip().upper()]
        issue = dt.date.fromisoformat(row["DATA_EMISSAO"])
        for k in range(1, count + 1):
            due = add_months(issue, k - 1 if entrada else k)
            truth.programacao_pagamento += 1
            if due <= run_date:
                truth.pago += 1
            else:
                truth.pendente += 1
    return truth


def _field(value: str) -> str:
    """CSV quoting (RFC 4180) where needed, e.g. the Brazilian-formatted amount "1.234,56"."""
    if "," in value or '"' in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _write(
    out: Path, ceps: list[str], lines: list[dict[str, str]], rng: random.Random
) -> None:
    def write(name: str, text: str, newline: str) -> None:
        (out / name).write_bytes(text.replace("\n", newline).encode("utf-8"))

    body = [",".join(COMPRAS_COLUMNS)] + [
        ",".join(_field(r[c]) for c in COMPRAS_COLUMNS) for r in lines
    ]
    write("compras.csv", "\n".join(body) + "\n", "\r\n")
    conds = ["ID_CONDICAO,DESCRICAO,QTD_PARCELAS,ENTRADA"] + [
        f"{i},{d},{n},{e}" for i, (d, n, e) in enumerate(CONDITIONS, 1)
    ]
    write("condicao_pagamento.csv", BOM + "\n".join(conds) + "\n", "\r\n")
    types = ["id_tipo_endereco,nome_tipo_endereco,sigla_endereco"] + [
        f"{i},{d},{s}" for i, (d, s) in enumerate(ADDRESS_TYPES, 1)
    ]
    write("tipo_endereco.csv", "\n".join(types) + "\n", "\n")
    cep_lines = []
    for cep in ceps:
        uf, city, districts = rng.choice(CITIES)
        cep_lines.append(
            f"{cep};{uf};{city};{rng.choice(districts)};{rng.choice(STREETS)}"
        )
    # The reference has no final newline, like the original's.
    write("TB_CEP_BR_2018.csv", BOM + "\n".join(cep_lines), "\r\n")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent.parent / "data"
    )
    parser.add_argument(
        "--rows", type=int, default=SAMPLE_ROWS, help="purchase lines (before copies)"
    )
    parser.add_argument("--seed", type=int, default=SAMPLE_SEED)
    parser.add_argument(
        "--run-date", type=dt.date.fromisoformat, default=SAMPLE_RUN_DATE
    )
    args = parser.parse_args(argv)
    truth = generate(args.out, args.rows, args.seed, args.run_date)
    print(json.dumps(asdict(truth), indent=2))


if __name__ == "__main__":
    main()
