import random

import pytest
from pyspark.sql import functions as F

from external_libs.rules.cnpj import check_digits, cnpj_is_valid, is_valid_cnpj

VALID = [
    "11222333000181",  # the usual documentation example
    "11.222.333/0001-81",  # punctuation is allowed, as in validate-docbr
    "91669747000192",
    "12091809000155",
    "03279318000141",  # leading zero kept as text
]
INVALID = [
    None,
    "",
    "11222333000182",  # wrong second check digit
    "11222333000191",  # wrong first check digit
    "3279318000141",  # lost its leading zero: 13 digits, not padded
    "112223330001810",  # 15 digits
    "00000000000000",  # all digits equal
    "11111111111111",
    "11 222 333 0001 81",  # spaces are not allowed
    "1122233300018A",
    "11222333/0001-8X",
]


@pytest.mark.parametrize("text", VALID)
def test_valid_numbers(text):
    assert is_valid_cnpj(text)


@pytest.mark.parametrize("text", INVALID)
def test_invalid_numbers(text):
    assert not is_valid_cnpj(text)


def test_check_digits():
    assert check_digits("112223330001") == "81"
    with pytest.raises(ValueError):
        check_digits("11222333")


def test_spark_expression_agrees_with_python_everywhere(spark):
    rng = random.Random(7)
    samples = VALID + INVALID
    for _ in range(
        150
    ):  # random 14-digit strings, valid ones and single-digit mutations
        base = "".join(str(rng.randint(0, 9)) for _ in range(12))
        good = base + check_digits(base)
        pos = rng.randrange(14)
        samples += [good, good[:pos] + str((int(good[pos]) + 1) % 10) + good[pos + 1 :]]
    df = spark.createDataFrame([(s,) for s in samples], "c string")
    got = {
        r.c: r.ok
        for r in df.select("c", cnpj_is_valid(F.col("c")).alias("ok")).collect()
    }
    assert all(v is not None for v in got.values())
    assert got == {s: is_valid_cnpj(s) for s in samples}
    assert sum(got.values()) >= 150  # the comparison covers both outcomes
