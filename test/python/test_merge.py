"""MERGE-upsert helper on a real Iceberg table (database `merge_test`, not the pipeline's)."""

import pytest

from external_libs.iceberg import (
    dedupe_on_keys,
    merge_sql,
    merge_upsert,
    narrowed_columns,
)

SCHEMA = "K int, V string, W int"


@pytest.fixture(scope="module")
def table(spark):
    spark.sql("CREATE NAMESPACE IF NOT EXISTS glue_catalog.merge_test")
    spark.sql(
        "CREATE TABLE IF NOT EXISTS glue_catalog.merge_test.t (K int, V string, W int) USING iceberg"
    )
    return "glue_catalog.merge_test.t"


def contents(spark, table):
    return sorted(tuple(r) for r in spark.table(table).collect())


def test_merge_sql_updates_only_changed_rows():
    sql = merge_sql("glue_catalog.db.t", "src", ["K", "V"], ["K"], delete_missing=False)
    assert sql == (
        "MERGE INTO glue_catalog.db.t t USING src s ON t.`K` = s.`K` "
        "WHEN MATCHED AND (NOT (t.`V` <=> s.`V`)) THEN UPDATE SET t.`K` = s.`K`, t.`V` = s.`V` "
        "WHEN NOT MATCHED THEN INSERT (`K`, `V`) VALUES (s.`K`, s.`V`)"
    )
    assert merge_sql("x", "s", ["K"], ["K"], True).endswith(
        "WHEN NOT MATCHED BY SOURCE THEN DELETE"
    )
    assert merge_sql("x", "s", ["K"], ["K"], True, "t.V = 'p'").endswith(
        "WHEN NOT MATCHED BY SOURCE AND (t.V = 'p') THEN DELETE"
    )
    assert "DELETE" not in merge_sql("x", "s", ["K"], ["K"], False, "t.V = 'p'")


def test_dedupe_keeps_a_winner_independent_of_row_order(spark):
    rows = [(1, "b", 2), (1, "a", 9), (1, None, 0), (None, "z", 1), (2, "c", 3)]
    for ordering in (rows, rows[::-1]):
        got = dedupe_on_keys(spark.createDataFrame(ordering, SCHEMA), ["K"]).collect()
        assert sorted(tuple(r) for r in got) == [(1, "a", 9), (2, "c", 3)]


def test_upsert_inserts_updates_and_is_idempotent(spark, table):
    first = spark.createDataFrame([(1, "a", 1), (2, "b", 2)], SCHEMA)
    merge_upsert(spark, first, "t", ["K"], database="merge_test")
    assert contents(spark, table) == [(1, "a", 1), (2, "b", 2)]
    # Columns by name, other order; a duplicate key and a NULL key in the source (fix 9.6, docs/example-pipeline.md).
    second = spark.createDataFrame(
        [("B", 20, 2), ("A", 20, 2), ("n", 0, None), ("c", 3, 3)],
        "V string, W int, K int",
    )
    for _ in range(2):
        merge_upsert(spark, second, "t", ["K"], database="merge_test")
        assert contents(spark, table) == [(1, "a", 1), (2, "A", 20), (3, "c", 3)]


def test_delete_missing_makes_the_table_equal_to_the_source(spark, table):
    src = spark.createDataFrame([(3, "c", 3), (4, "d", 4)], SCHEMA)
    merge_upsert(spark, src, "t", ["K"], database="merge_test", delete_missing=True)
    assert contents(spark, table) == [(3, "c", 3), (4, "d", 4)]


def test_missing_column_is_a_clear_error(spark, table):
    with pytest.raises(ValueError, match="lacks column"):
        merge_upsert(
            spark,
            spark.createDataFrame([(1, "a")], "K int, V string"),
            "t",
            ["K"],
            database="merge_test",
        )


def test_bigint_into_an_int_column_is_refused(spark, table):
    # A table created before the 64-bit IDs (docs/example-pipeline.md) still has int ID columns: casting a
    # bigint ID into it would wrap silently (ANSI off), so the merge refuses.
    big = 5290263987625084478
    src = spark.createDataFrame([(big, "x", 1)], "K bigint, V string, W int")
    with pytest.raises(ValueError, match="column.s. K narrower in the table"):
        merge_upsert(spark, src, "t", ["K"], database="merge_test")
    assert big not in {k for k, _, _ in contents(spark, table)}


def test_narrowed_columns():
    from pyspark.sql.types import (
        IntegerType,
        LongType,
        ShortType,
        StringType,
        StructField,
        StructType,
    )

    def schema(**types):
        return StructType([StructField(n, t()) for n, t in types.items()])

    target = schema(A=IntegerType, B=LongType, C=IntegerType, D=StringType, E=ShortType)
    source = schema(
        A=LongType, B=IntegerType, C=IntegerType, D=LongType, E=IntegerType, F=LongType
    )
    assert narrowed_columns(source, target) == ["A", "E"]
