"""CNPJ check (own implementation of the rule validate-docbr 1.10.0 applies).

A CNPJ may hold only digits and the separators `.`, `/`, `-`; the digits must be exactly 14, not all
equal, and the last two are check digits (mod 11 with the weights below). No zero-padding: a number
that lost its leading zero is invalid. Two forms: plain Python (generator, tests) and a Spark Column
expression (the stage job; no Python UDF, so nothing leaves the JVM and no extra module is needed).
"""

from __future__ import annotations

import re

from pyspark.sql import Column
from pyspark.sql import functions as F

WEIGHTS_1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
WEIGHTS_2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_ALLOWED = re.compile(r"[0-9./-]+")


def _digit(total: int) -> int:
    rest = total % 11
    return 0 if rest < 2 else 11 - rest


def check_digits(base12: str) -> str:
    """The two check digits of a 12-digit CNPJ base."""
    if not re.fullmatch(r"\d{12}", base12):
        raise ValueError(f"a CNPJ base has 12 digits, not {base12!r}")
    nums = [int(c) for c in base12]
    d1 = _digit(sum(w * n for w, n in zip(WEIGHTS_1, nums, strict=True)))
    d2 = _digit(sum(w * n for w, n in zip(WEIGHTS_2, [*nums, d1], strict=True)))
    return f"{d1}{d2}"


def is_valid_cnpj(text: str | None) -> bool:
    if text is None or not _ALLOWED.fullmatch(text):
        return False
    digits = re.sub(r"\D", "", text)
    if len(digits) != 14 or len(set(digits)) == 1:
        return False
    return check_digits(digits[:12]) == digits[12:]


def _check_digit_col(digits: Column, weights: tuple[int, ...]) -> Column:
    total = sum(
        (F.substring(digits, i + 1, 1).cast("int") * w for i, w in enumerate(weights)),
        F.lit(0),
    )
    rest = total % 11
    return F.when(rest < 2, F.lit(0)).otherwise(F.lit(11) - rest)


def cnpj_is_valid(column: Column) -> Column:
    """Boolean Column, never NULL (a NULL CNPJ is invalid)."""
    digits = F.regexp_replace(column, r"[^0-9]", "")
    well_formed = (
        column.rlike(r"^[0-9./-]+$")
        & (F.length(digits) == 14)
        & ~digits.rlike(r"^(\d)\1{13}$")
    )
    checks = (
        _check_digit_col(digits, WEIGHTS_1) == F.substring(digits, 13, 1).cast("int")
    ) & (_check_digit_col(digits, WEIGHTS_2) == F.substring(digits, 14, 1).cast("int"))
    # CASE WHEN evaluates the check digits only for well-formed values.
    return F.coalesce(F.when(well_formed, checks).otherwise(F.lit(False)), F.lit(False))
