"""Apply the DDL files of `db/` (run by the `create_tables` job, the root of the graph).

The files are Spark SQL, idempotent (`IF NOT EXISTS`), statements ended by `;`. `{warehouse}` is
replaced by the warehouse root and `{database}` by the job's database (job argument --DATABASE,
default `compras`; the files quote it as an identifier: glue_catalog.`{database}`.cep). On the
Hadoop catalog (local runs), which derives every path from the warehouse itself and refuses explicit
ones, LOCATION clauses are dropped: the paths come out the same, `<warehouse>/<database>/<table>`.
"""

from __future__ import annotations

import re

from pyspark.sql import SparkSession

from external_libs import DATABASE, check_database

_LOCATION = re.compile(r"^\s*LOCATION\s+'[^']*'\s*$", re.IGNORECASE | re.MULTILINE)


def split_statements(text: str) -> list[str]:
    """Statements of a SQL file: `--` comments removed, split at `;`, blanks dropped."""
    lines = [re.sub(r"--.*$", "", line) for line in text.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def render(statement: str, warehouse: str, kind: str, database: str = DATABASE) -> str:
    sql = statement.replace("{warehouse}", warehouse.rstrip("/")).replace(
        "{database}", check_database(database)
    )
    if kind == "hadoop":
        sql = _LOCATION.sub("", sql)
    return sql


def read_ddl_files(spark: SparkSession, ddl_path: str) -> list[tuple[str, str]]:
    """(file name, text) of every `*.sql` under ddl_path, in file-name order (S3 or local)."""
    files = spark.sparkContext.wholeTextFiles(ddl_path.rstrip("/") + "/*.sql").collect()
    return sorted((path.rsplit("/", 1)[-1], text) for path, text in files)


def apply_ddl(
    spark: SparkSession,
    files: list[tuple[str, str]],
    warehouse: str,
    kind: str,
    database: str = DATABASE,
) -> int:
    """Run every statement in order; returns how many ran."""
    check_database(database)  # before the first statement runs
    count = 0
    for _name, text in files:
        for statement in split_statements(text):
            spark.sql(render(statement, warehouse, kind, database))
            count += 1
    return count
