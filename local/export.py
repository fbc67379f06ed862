"""Export every table of a Spark catalog (and optional extra DataFrames) as sorted CSV files, so a
local run's results can be read, diffed and checked without writing PySpark.

    from local.export import export_tables
    counts = export_tables(spark, "out", catalog="glue_catalog",
                           extra=work_outputs(spark, "/path/to/work_files"))

Files in `out_dir`: `<namespace>.<table>.csv` per table (nested namespaces joined with `.`),
`<name>.csv` per extra DataFrame, and `row-counts.csv` (`name,rows`, sorted by name). Each CSV has
a header row, then every row sorted by all columns in order (ascending, NULLs first), rendered the
same way on every run: NULL = empty field, booleans `true`/`false`, dates ISO, decimals with their
scale, RFC 4180 quoting. Two exports of equal tables are byte-identical.

It only uses the session it is given (any Spark session with the catalog configured): nothing here
depends on how that session was built.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from pyspark.errors import AnalysisException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import MapType

COUNTS_FILE = "row-counts.csv"


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _namespaces(
    spark: SparkSession, catalog: str, parent: list[str]
) -> list[list[str]]:
    """Every namespace under `parent` (itself excluded), depth first, sorted."""
    where = ".".join(_quote(p) for p in [catalog, *parent])
    found: list[list[str]] = []
    for row in spark.sql(f"SHOW NAMESPACES IN {where}").collect():
        # The result is the full name relative to the catalog (e.g. `a.b`), maybe quoted.
        name = [p.strip("`") for p in row[0].split(".")]
        if name[: len(parent)] != parent:
            name = [*parent, *name]
        if name not in found and name != parent:
            found.append(name)
    result: list[list[str]] = []
    for ns in sorted(found):
        result.append(ns)
        result.extend(_namespaces(spark, catalog, ns))
    return result


def list_tables(
    spark: SparkSession, catalog: str | None = None
) -> list[tuple[str, str]]:
    """(namespace, table) of every table of `catalog` (the current catalog when None), sorted;
    temporary views are left out."""
    catalog = catalog or spark.catalog.currentCatalog()
    tables = []
    for ns in _namespaces(spark, catalog, []):
        where = ".".join(_quote(p) for p in [catalog, *ns])
        for row in spark.sql(f"SHOW TABLES IN {where}").collect():
            if not row["isTemporary"]:
                tables.append((".".join(ns), row["tableName"]))
    return sorted(set(tables))


def _sort_key(df: DataFrame, name: str):
    # Maps cannot be ordered by Spark: sort them by their JSON text (structs and arrays can be).
    field = df.schema[name]
    col = F.col(_quote(name))
    if isinstance(field.dataType, MapType):
        col = F.to_json(col)
    return col.asc_nulls_first()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def write_sorted_csv(df: DataFrame, path: Path) -> int:
    """`df` to one CSV file, rows sorted by all columns; returns the number of rows written."""
    ordered = df.orderBy(*[_sort_key(df, c) for c in df.columns]) if df.columns else df
    tmp = path.with_name(path.name + ".tmp")
    rows = 0
    with tmp.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(df.columns)
        # Streams partition by partition, in the global sort order: no full collect on the driver.
        for row in ordered.toLocalIterator():
            writer.writerow([_text(v) for v in row])
            rows += 1
    tmp.replace(path)
    return rows


def _previous_outputs(out: Path) -> list[Path]:
    """Files named in an earlier export's row-counts.csv (removed so no stale table remains)."""
    counts = out / COUNTS_FILE
    if not counts.is_file():
        return []
    with counts.open(newline="", encoding="utf-8") as f:
        return [out / f"{r['name']}.csv" for r in csv.DictReader(f) if r.get("name")]


def export_tables(
    spark: SparkSession,
    out_dir: str | Path,
    catalog: str | None = None,
    extra: Mapping[str, DataFrame] | None = None,
) -> dict[str, int]:
    """Write every table of `catalog` (the session's current catalog when None) and every `extra`
    DataFrame (name -> DataFrame) as sorted CSV files plus row-counts.csv into `out_dir`.

    Returns {name: rows}, name = `<namespace>.<table>` for tables and the given name for extras.
    Files of an earlier export into the same folder are replaced; a table that no longer exists
    loses its file.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    catalog = catalog or spark.catalog.currentCatalog()
    sources: dict[str, DataFrame] = {}
    for ns, table in list_tables(spark, catalog):
        ident = ".".join(_quote(p) for p in [catalog, *ns.split("."), table])
        sources[f"{ns}.{table}"] = spark.table(ident)
    for name, df in (extra or {}).items():
        if name in sources or name == COUNTS_FILE.removesuffix(".csv") or "/" in name:
            raise ValueError(
                f"export_tables: extra name {name!r} clashes with a table or is not a plain "
                "file name; pick another name"
            )
        sources[name] = df
    for stale in _previous_outputs(out):
        stale.unlink(missing_ok=True)
    counts = {
        name: write_sorted_csv(df, out / f"{name}.csv") for name, df in sources.items()
    }
    with (out / COUNTS_FILE).open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["name", "rows"])
        for name in sorted(counts):
            writer.writerow([name, counts[name]])
    return dict(sorted(counts.items()))


def work_outputs(spark: SparkSession, work_path: str) -> dict[str, DataFrame]:
    """The stage and the rejects of the example pipeline under WORK_PATH, as `extra` for
    export_tables: `work_files.compras` and `work_files.rejected_compras_stg`, each only if it
    exists (a run that stopped before the stage job has neither)."""
    from external_libs.io import read_rejects, read_stage

    found: dict[str, DataFrame] = {}
    for name, read in (
        ("work_files.compras", read_stage),
        ("work_files.rejected_compras_stg", read_rejects),
    ):
        try:
            found[name] = read(spark, work_path)
        except AnalysisException as err:  # the folder does not exist
            if "PATH_NOT_FOUND" not in str(err) and "does not exist" not in str(err):
                raise
    return found


__all__ = [
    "COUNTS_FILE",
    "export_tables",
    "list_tables",
    "work_outputs",
    "write_sorted_csv",
]
