"""An independent computation of the pipeline's documented rules (docs/example-pipeline.md), in plain
Python: no Spark and nothing imported from external_libs, so the end-to-end test compares the
jobs with a second reading of the rules, not with their own earlier output.

`compute(source_dir, run_date)` returns every table as the list of its rows (tuples in the column
order of db/*.sql), as a first run into empty tables with the default job arguments would leave
them, plus the stage and the rejects. Defaults are the rules as written in the doc: an unknown
address type rejects nothing (rule R1), nothing is deleted from the schedule (rule R2).
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
import struct
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

COLUMNS = (
    "NOME_FORNECEDOR CNPJ_FORNECEDOR EMAIL_FORNECEDOR TELEFONE_FORNECEDOR NUMERO_NF DATA_EMISSAO "
    "VALOR_NET VALOR_TRIBUTO VALOR_TOTAL NOME_ITEM QTD_ITEM CONDICAO_PAGAMENTO CEP NUM_ENDERECO "
    "COMPLEMENTO TIPO_ENDERECO DATA_PROCESSAMENTO"
).split()
C = {name: i for i, name in enumerate(COLUMNS)}
REASONS = [
    "duplicated",
    "null column(s)",
    "invalid payment condition",
    "invalid CNPJ",
    "invalid CEP",
    "invalid date",
    "invalid number",
]
NOT_REJECTING = {"duplicated"}
CENT = Decimal("0.01")

# --- XXH64 (seed 42), as Spark's xxhash64: an int is its 4 little-endian bytes, a bigint its 8, a
# string its UTF-8 bytes; with several values each result seeds the next. -------------------------
_M = (1 << 64) - 1
P1, P2, P3, P4, P5 = (
    0x9E3779B185EBCA87,
    0xC2B2AE3D27D4EB4F,
    0x165667B19E3779F9,
    0x85EBCA77C2B2AE63,
    0x27D4EB2F165667C5,
)


def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (64 - r))) & _M


def _round(acc: int, lane: int) -> int:
    return (_rotl((acc + lane * P2) & _M, 31) * P1) & _M


def xxh64(data: bytes, seed: int) -> int:
    seed &= _M
    n, i = len(data), 0
    if n >= 32:
        v = [(seed + P1 + P2) & _M, (seed + P2) & _M, seed, (seed - P1) & _M]
        while i + 32 <= n:
            for j in range(4):
                v[j] = _round(v[j], struct.unpack_from("<Q", data, i + 8 * j)[0])
            i += 32
        h = (_rotl(v[0], 1) + _rotl(v[1], 7) + _rotl(v[2], 12) + _rotl(v[3], 18)) & _M
        for lane in v:
            h = ((h ^ _round(0, lane)) * P1 + P4) & _M
    else:
        h = (seed + P5) & _M
    h = (h + n) & _M
    while i + 8 <= n:
        h = (
            _rotl(h ^ _round(0, struct.unpack_from("<Q", data, i)[0]), 27) * P1 + P4
        ) & _M
        i += 8
    if i + 4 <= n:
        h = (
            _rotl(h ^ (struct.unpack_from("<I", data, i)[0] * P1 & _M), 23) * P2 + P3
        ) & _M
        i += 4
    while i < n:
        h = (_rotl(h ^ (data[i] * P5 & _M), 11) * P1) & _M
        i += 1
    h = ((h ^ (h >> 33)) * P2) & _M
    h = ((h ^ (h >> 29)) * P3) & _M
    h ^= h >> 32
    return h - (1 << 64) if h >> 63 else h


def spark_xxhash64(*values: tuple[str, object]) -> int:
    """values: ("string", text) | ("int", n) | ("bigint", n), chained from seed 42."""
    seed = 42
    for kind, value in values:
        if kind == "string":
            data = str(value).encode("utf-8")
        elif kind == "int":
            data = struct.pack("<i", value)
        else:
            data = struct.pack("<q", value)
        seed = xxh64(data, seed)
    return seed


# --- reading ---------------------------------------------------------------------------------------
def _csv_rows(path: Path, sep: str = ",") -> list[list[str | None]]:
    text = path.read_bytes().decode("utf-8-sig")  # a leading BOM is ignored
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"')
    return [[v if v != "" else None for v in r] for r in rows if r]


def _trim(v: str | None) -> str | None:
    """Spaces only, as Spark's trim; blank -> NULL."""
    if v is None:
        return None
    v = v.strip(" ")
    return v or None


def _upper(v: str | None) -> str | None:
    return None if v is None else v.upper()


def _cep_int(v: str | None) -> int | None:
    return int(v) if v is not None and re.fullmatch(r"[0-9]{1,8}", v) else None


def _date(v: str | None) -> dt.date | None:
    if v is None or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", v):
        return None
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        return None


def cnpj_ok(v: str | None) -> bool:
    if v is None or not re.fullmatch(r"[0-9./-]+", v):
        return False
    d = [int(c) for c in v if c.isdigit()]
    if len(d) != 14 or len(set(d)) == 1:
        return False
    for size in (12, 13):
        weights = list(range(size - 7, 1, -1)) + list(range(9, 1, -1))
        rest = sum(a * b for a, b in zip(d[:size], weights, strict=True)) % 11
        if d[size] != (0 if rest < 2 else 11 - rest):
            return False
    return True


# --- merge semantics: NULL keys dropped, one winner per key (the smallest by the other columns in
# table order, NULLs last), then inserted into an empty table. -----------------------------------
def _nulls_last(values):
    return tuple((v is None, v if v is not None else 0) for v in values)


def upsert_into_empty(rows: list[tuple], key_idx: list[int]) -> list[tuple]:
    best: dict[tuple, tuple] = {}
    others = lambda r: _nulls_last(  # noqa: E731
        [v for i, v in enumerate(r) if i not in key_idx]
    )
    for r in rows:
        key = tuple(r[i] for i in key_idx)
        if any(k is None for k in key):
            continue
        if key not in best or others(r) < others(best[key]):
            best[key] = r
    return sorted(best.values(), key=_nulls_last)


def _add_months(d: dt.date, months: int) -> dt.date:
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def compute(source: Path, run_date: dt.date) -> dict[str, list[tuple]]:
    # Reference tables.
    cep = upsert_into_empty(
        [
            (_cep_int(_trim(r[0])), *(_trim(_upper(v)) for v in r[1:5]))
            for r in _csv_rows(source / "TB_CEP_BR_2018.csv", ";")
        ],
        [0],
    )
    cond_rows = _csv_rows(source / "condicao_pagamento.csv")[1:]
    condicao = upsert_into_empty(
        [
            (
                int(_trim(r[0])),
                _upper(_trim(r[1])),
                int(_trim(r[2])),
                _trim(r[3]) == "1",
            )
            for r in cond_rows
            if int(_trim(r[2])) >= 1
        ],
        [0],
    )
    tipo = upsert_into_empty(
        [
            (int(_trim(r[0])), _trim(_upper(r[1])), _trim(_upper(r[2])))
            for r in _csv_rows(source / "tipo_endereco.csv")[1:]
        ],
        [0],
    )

    # Stage.
    lines = []
    for r in _csv_rows(source / "compras.csv")[1:]:
        v = [_trim(x) for x in r]
        v[C["NOME_FORNECEDOR"]] = _upper(v[C["NOME_FORNECEDOR"]])
        v[C["CONDICAO_PAGAMENTO"]] = _upper(v[C["CONDICAO_PAGAMENTO"]])
        v[C["COMPLEMENTO"]] = v[C["COMPLEMENTO"]] or "N/A"
        lines.append(tuple(v))
    counts = Counter(lines)
    ceps = {r[0] for r in cep}
    descriptions = {r[1] for r in condicao}
    stage, rejects = [], []
    amount = re.compile(r"[0-9]{1,8}(\.[0-9]{1,2})?")
    for line, count in counts.items():

        def get(name, line=line):
            return line[C[name]]

        bad_condition = (
            get("CONDICAO_PAGAMENTO") is not None
            and get("CONDICAO_PAGAMENTO") not in descriptions
        )
        bad_number = any(
            get(c) is not None and not amount.fullmatch(get(c))
            for c in ("VALOR_NET", "VALOR_TRIBUTO", "VALOR_TOTAL")
        ) or (
            get("QTD_ITEM") is not None
            and not re.fullmatch(r"[1-9][0-9]{0,8}", get("QTD_ITEM"))
        )
        found = {
            "duplicated": count > 1,
            "null column(s)": any(
                v is None
                for n, v in zip(COLUMNS, line, strict=True)
                if n != "COMPLEMENTO"
            ),
            "invalid payment condition": bad_condition,
            "invalid CNPJ": not cnpj_ok(get("CNPJ_FORNECEDOR")),
            "invalid CEP": _cep_int(get("CEP")) not in ceps,
            "invalid date": get("DATA_EMISSAO") is not None
            and _date(get("DATA_EMISSAO")) is None,
            "invalid number": bad_number,
        }
        if bad_condition:
            line = tuple(
                v + " (invalid)" if i == C["CONDICAO_PAGAMENTO"] else v
                for i, v in enumerate(line)
            )
        reasons = [r for r in REASONS if found[r]]
        if not set(reasons) - NOT_REJECTING:
            stage.append(line)
        if reasons:
            rejects.append((*line, ", ".join(reasons)))

    def col(line, name):
        return line[C[name]]

    # fornecedores: distinct contact tuples, ID = xxhash64(CNPJ), one winner per CNPJ.
    contacts = {
        tuple(col(s, c) for c in COLUMNS[:4]) for s in stage
    }  # NOME, CNPJ, EMAIL, TELEFONE
    fornecedores = upsert_into_empty(
        [
            (spark_xxhash64(("string", cnpj)), nome, cnpj, email, tel)
            for nome, cnpj, email, tel in contacts
        ],
        [2],
    )
    supplier_of = {r[2]: r[0] for r in fornecedores}
    type_of = {r[1]: r[0] for r in tipo}

    # enderecos_fornecedores: inner joins on CNPJ and on the upper-cased address type.
    addresses = {
        tuple(col(s, c) for c in ("CNPJ_FORNECEDOR", "TIPO_ENDERECO", "NUM_ENDERECO",
                                  "COMPLEMENTO", "CEP"))
        for s in stage
    }  # fmt: skip
    enderecos = []
    for cnpj, kind, num, compl, cep_text in addresses:
        if cnpj not in supplier_of or kind.upper() not in type_of:
            continue
        cep_value, sid, tid = int(cep_text), supplier_of[cnpj], type_of[kind.upper()]
        aid = spark_xxhash64(("int", cep_value), ("bigint", sid), ("int", tid))
        enderecos.append((aid, cep_value, sid, tid, num, compl))
    enderecos = upsert_into_empty(enderecos, [1, 2, 3])

    # notas_fiscais_entrada: inner join on CNPJ, left join on the condition's description.
    condition_id = {r[1]: r[0] for r in condicao}
    notas = []
    for s in stage:
        if col(s, "CNPJ_FORNECEDOR") not in supplier_of:
            continue
        nf = col(s, "NUMERO_NF")
        notas.append(
            (
                spark_xxhash64(("string", nf)),
                nf,
                supplier_of[col(s, "CNPJ_FORNECEDOR")],
                condition_id.get(col(s, "CONDICAO_PAGAMENTO")),
                _date(col(s, "DATA_EMISSAO")),
                *(Decimal(col(s, c)).quantize(CENT) for c in
                  ("VALOR_NET", "VALOR_TRIBUTO", "VALOR_TOTAL")),
                col(s, "NOME_ITEM"),
                int(col(s, "QTD_ITEM")),
            )
        )  # fmt: skip
    notas = upsert_into_empty(notas, [1])

    # programacao_pagamento: QTD_PARCELAS installments, cents, ENTRADA dates, status by run date.
    terms = {r[0]: (r[2], r[3]) for r in condicao}
    programacao = []
    for nid, _, _, cid, issue, _, _, total, _, _ in notas:
        if cid not in terms:
            continue
        n, entrada = terms[cid]
        base = (total / n).quantize(CENT, rounding=ROUND_HALF_UP)
        for k in range(1, n + 1):
            due = _add_months(issue, k - 1 if entrada else k)
            programacao.append(
                (
                    spark_xxhash64(("bigint", nid), ("int", k)),
                    nid,
                    due,
                    k,
                    base if k < n else total - base * (n - 1),
                    "PAGO" if due <= run_date else "PENDENTE",
                )
            )
    programacao = upsert_into_empty(programacao, [1, 3])

    return {
        "cep": cep,
        "condicao_pagamento": condicao,
        "tipo_endereco": tipo,
        "fornecedores": fornecedores,
        "enderecos_fornecedores": enderecos,
        "notas_fiscais_entrada": notas,
        "programacao_pagamento": programacao,
        "stage": sorted(stage, key=_nulls_last),
        "rejects": sorted(rejects, key=_nulls_last),
    }
