"""Installment schedule: count, due dates (month ends, down payment), cents, status by date."""

import datetime as dt
from decimal import Decimal

import pytest
from rows import CONDITIONS

from external_libs.rules.schedule import (
    PAGO,
    PENDENTE,
    installment_amounts,
    programacao_pagamento,
)

D = dt.date
NF = 5290263987625084478  # ID_NF_ENTRADA of NUMERO_NF '23085680' (test_ids_and_dimensions.py)


@pytest.mark.parametrize(
    ("total", "count", "expected"),
    [
        ("73000.00", 3, ["24333.33", "24333.33", "24333.34"]),
        ("100.00", 3, ["33.33", "33.33", "33.34"]),
        ("0.05", 2, ["0.03", "0.02"]),  # half-up, the last takes the remainder
        ("189000.00", 1, ["189000.00"]),
        ("1000.01", 4, ["250.00", "250.00", "250.00", "250.01"]),
    ],
)
def test_installment_amounts_add_up_exactly(total, count, expected):
    amounts = installment_amounts(Decimal(total), count)
    assert amounts == [Decimal(e) for e in expected]
    assert sum(amounts) == Decimal(total)


@pytest.fixture(scope="module")
def schedule(spark):
    invoices = spark.createDataFrame(
        [
            (NF, 3, D(2023, 7, 1), Decimal("189000.00")),  # 30/60 dias
            (
                10,
                7,
                D(2024, 1, 31),
                Decimal("1000.01"),
            ),  # entrada/30/60/90, from a month end
            (11, 2, D(2023, 12, 31), Decimal("73000.00")),  # 30 dias
            (12, 1, D(2024, 6, 15), Decimal("0.05")),  # a vista
            (13, 4, D(2024, 5, 31), Decimal("100.00")),  # 30/60/90 dias
            (
                14,
                None,
                D(2024, 1, 1),
                Decimal("1.00"),
            ),  # unknown condition: no installments
            (
                15,
                99,
                D(2024, 1, 1),
                Decimal("1.00"),
            ),  # condition with 0 installments: none
        ],
        "ID_NF_ENTRADA bigint, ID_CONDICAO int, DATA_EMISSAO date, VALOR_TOTAL decimal(10,2)",
    )
    conditions = spark.createDataFrame(
        [*CONDITIONS, (99, "BROKEN", 0, False)],
        "ID_CONDICAO int, DESCRICAO string, QTD_PARCELAS int, ENTRADA boolean",
    )
    rows = programacao_pagamento(invoices, conditions, D(2024, 6, 15)).collect()
    return {(r.ID_NF_ENTRADA, r.NUM_PARCELA): r for r in rows}


def test_one_row_per_installment(schedule):
    counts = {}
    for nf, _ in schedule:
        counts[nf] = counts.get(nf, 0) + 1
    assert counts == {NF: 2, 10: 4, 11: 1, 12: 1, 13: 3}


def test_ids_are_the_64bit_vectors(schedule):
    # Fix 9.12 (docs/example-pipeline.md): xxhash64(ID_NF_ENTRADA bigint, NUM_PARCELA int), pinned values (computed
    # once, cross-checked offline; see test_ids_and_dimensions.py). The original's 32-bit IDs were
    # -1760685508 and -422788029.
    assert schedule[(NF, 1)].ID_PROG_PAGAMENTO == 1050384166005877301
    assert schedule[(NF, 2)].ID_PROG_PAGAMENTO == 3504980310753667117
    assert (
        schedule[(10, 1)].ID_PROG_PAGAMENTO == -3303930858771059949
    )  # (bigint 10, int 1)


def test_due_dates_with_and_without_down_payment_and_month_ends(schedule):
    def due(nf):
        return [
            schedule[(nf, k)].DATA_VENCIMENTO
            for k in sorted(k for n, k in schedule if n == nf)
        ]

    # No down payment: the first installment is due one month after issue (fix 9.3, docs/example-pipeline.md).
    assert due(NF) == [D(2023, 8, 1), D(2023, 9, 1)]
    assert due(11) == [D(2024, 1, 31)]
    assert due(13) == [D(2024, 6, 30), D(2024, 7, 31), D(2024, 8, 31)]
    # Down payment: the first on the issue date; Jan 31 + 1 month = Feb 29 (leap year).
    assert due(10) == [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30)]
    assert due(12) == [D(2024, 6, 15)]


def test_amounts_sum_exactly_to_the_total(schedule):
    def amounts(nf):
        return [
            schedule[(nf, k)].VALOR_PARCELA
            for k in sorted(k for n, k in schedule if n == nf)
        ]

    assert amounts(10) == [Decimal("250.00")] * 3 + [Decimal("250.01")]
    assert amounts(13) == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    assert amounts(NF) == [Decimal("94500.00")] * 2
    assert amounts(12) == [Decimal("0.05")]


def test_status_by_the_injected_date(schedule):
    status = {key: r.STATUS_PAGAMENTO for key, r in schedule.items()}
    assert status[(12, 1)] == PAGO  # due today
    assert status[(13, 1)] == PENDENTE  # due 2024-06-30
    assert status[(10, 4)] == PAGO
    assert sorted(k for k, s in status.items() if s == PENDENTE) == [
        (13, 1),
        (13, 2),
        (13, 3),
    ]
