"""Upsert into an Iceberg table with MERGE INTO (docs/example-pipeline.md), with the original's pitfalls fixed."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ByteType,
    DataType,
    IntegerType,
    LongType,
    ShortType,
    StructType,
)

from external_libs import DATABASE, table_name

log = logging.getLogger(__name__)
_view_ids = itertools.count(1)
_INT_BYTES = {ByteType: 1, ShortType: 2, IntegerType: 4, LongType: 8}


def _int_bytes(t: DataType) -> int:
    return _INT_BYTES.get(type(t), 0)


def narrowed_columns(source: StructType, target: StructType) -> list[str]:
    """Target columns whose integer type is narrower than the source's (a bigint into an int).

    Casting those would wrap values silently (ANSI mode is off), e.g. a 64-bit ID written into a
    table created with the 32-bit IDs of before fix 9.12 (docs/example-pipeline.md): refuse instead.
    """
    types = {f.name: f.dataType for f in source}
    return [
        f.name
        for f in target
        if f.name in types and _int_bytes(types[f.name]) > _int_bytes(f.dataType) > 0
    ]


def dedupe_on_keys(df: DataFrame, keys: Sequence[str]) -> DataFrame:
    """One row per key: rows with a NULL key are dropped, and among rows sharing a key the first
    by every other column (ascending, NULLs last) wins, so the winner never depends on row order.

    Fix 9.6 (docs/example-pipeline.md): the original merged duplicate keys as they came, which inserts duplicates on
    a first load and makes Iceberg refuse the MERGE on the next; a NULL key never matched, so the
    row was inserted again on every run.
    """
    not_null = F.lit(True)
    for k in keys:
        not_null = not_null & F.col(k).isNotNull()
    others = [c for c in df.columns if c not in keys]
    order = [F.col(c).asc_nulls_last() for c in others] or [F.lit(1)]
    rank = F.row_number().over(Window.partitionBy(*keys).orderBy(*order))
    return df.where(not_null).withColumn("_rank", rank).where("_rank = 1").drop("_rank")


def merge_sql(
    target: str,
    view: str,
    columns: Sequence[str],
    keys: Sequence[str],
    delete_missing: bool,
    delete_where: str | None = None,
) -> str:
    """The MERGE statement (pure, so its text is unit-tested). With `delete_missing`, target rows
    absent from the source are deleted, only those matching `delete_where` (SQL on alias `t`) if
    given."""
    on = " AND ".join(f"t.`{k}` = s.`{k}`" for k in keys)
    changed = " OR ".join(
        f"NOT (t.`{c}` <=> s.`{c}`)" for c in columns if c not in keys
    )
    sets = ", ".join(f"t.`{c}` = s.`{c}`" for c in columns)
    cols = ", ".join(f"`{c}`" for c in columns)
    vals = ", ".join(f"s.`{c}`" for c in columns)
    # Only rows whose values differ are updated, so a re-run on the same data rewrites nothing.
    matched = f"WHEN MATCHED AND ({changed}) THEN UPDATE SET {sets}" if changed else ""
    sql = (
        f"MERGE INTO {target} t USING {view} s ON {on} "
        f"{matched} WHEN NOT MATCHED THEN INSERT ({cols}) VALUES ({vals})"
    )
    if delete_missing:
        only = f" AND ({delete_where})" if delete_where else ""
        sql += f" WHEN NOT MATCHED BY SOURCE{only} THEN DELETE"
    return sql


def merge_upsert(
    spark: SparkSession,
    df: DataFrame,
    table: str,
    keys: Sequence[str],
    *,
    database: str = DATABASE,
    delete_missing: bool = False,
    delete_where: str | None = None,
) -> None:
    """MERGE `df` into `glue_catalog.<database>.<table>` on `keys`.

    Columns are matched by name and cast to the target's types; the source must hold every target
    column, and no integer column may be narrower in the target (the cast would wrap values).
    Rows absent from the source stay (the upsert never deletes), unless `delete_missing`: then
    those matching `delete_where` (SQL on the target alias `t`; all of them when None) are deleted.
    """
    target = table_name(table, database)
    target_schema = spark.table(target).schema
    missing = [f.name for f in target_schema if f.name not in df.columns]
    if missing:
        raise ValueError(f"{target}: source lacks column(s) {', '.join(missing)}")
    narrowed = narrowed_columns(df.schema, target_schema)
    if narrowed:
        raise ValueError(
            f"{target}: integer column(s) {', '.join(narrowed)} narrower in the table than in "
            "the source; writing would wrap the values (an int ID column of a table created "
            "before the 64-bit IDs?): recreate the table and reload it (locally: "
            'scripts/run-job-local.sh --fresh; docs/example-pipeline.md, "Tables")'
        )
    source = df.select(
        [F.col(f.name).cast(f.dataType).alias(f.name) for f in target_schema]
    )
    source = dedupe_on_keys(source, keys)
    view = f"merge_src_{table}_{next(_view_ids)}"
    source.createOrReplaceTempView(view)
    try:
        spark.sql(
            merge_sql(target, view, source.columns, keys, delete_missing, delete_where)
        )
    finally:
        spark.catalog.dropTempView(view)
    log.info("merged into %s on %s", target, ", ".join(keys))
