"""Exports every Iceberg table of the emulated Glue catalog after a local run (`--export OUT`).

    python local/export_tables_local.py --endpoint http://127.0.0.1:PORT --out DIR

Opens a Spark session like a job's (local/run_glue_job.py's defaults) with the catalog
`glue_catalog` = Iceberg's GlueCatalog on the emulator. When local/export.py (the shared exporter)
exists its `export_tables(spark, out_dir)` does the work; otherwise this module writes
`<database>.<table>.csv` (header, rows sorted by every column, NULL as an empty field) and
`row-counts.csv` (table,rows) itself.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run_glue_job import ROOT, spark_defaults, write_spark_conf  # noqa: E402

CATALOG = "glue_catalog"


def session(endpoint: str):
    conf_dir = Path(tempfile.mkdtemp(prefix="export-spark-conf-"))
    write_spark_conf(conf_dir, spark_defaults(endpoint, os.cpu_count() or 2, {}))
    os.environ.update(
        AWS_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_REGION="us-east-1",
        SPARK_LOCAL_IP="127.0.0.1",
    )
    from pyspark.sql import SparkSession

    prefix = f"spark.sql.catalog.{CATALOG}"
    return (
        SparkSession.builder.appName("export")
        .config(
            "spark.sql.extensions",
            "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
        )
        .config(prefix, "org.apache.iceberg.spark.SparkCatalog")
        .config(f"{prefix}.catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog")
        .config(f"{prefix}.io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
        .getOrCreate()
    )


def tables(spark) -> list[str]:
    names = []
    for (namespace,) in spark.sql(f"SHOW NAMESPACES IN {CATALOG}").collect():
        for row in spark.sql(f"SHOW TABLES IN {CATALOG}.{namespace}").collect():
            names.append(f"{namespace}.{row['tableName']}")
    return sorted(names)


def export_minimal(spark, out_dir: Path) -> dict[str, int]:
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for name in tables(spark):
        df = spark.table(f"{CATALOG}.{name}")
        rows = df.orderBy(*[df[c].asc_nulls_first() for c in df.columns]).collect()
        with (out_dir / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(df.columns)
            writer.writerows(["" if v is None else v for v in row] for row in rows)
        counts[name] = len(rows)
    with (out_dir / "row-counts.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["table", "rows"])
        writer.writerows(sorted(counts.items()))
    return counts


def export(spark, out_dir: Path) -> dict[str, int]:
    shared = ROOT / "local" / "export.py"
    if shared.is_file():
        spec = importlib.util.spec_from_file_location("local_export", shared)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.export_tables(spark, str(out_dir))
    return export_minimal(spark, out_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    spark = session(args.endpoint)
    spark.sparkContext.setLogLevel("ERROR")
    counts = export(spark, Path(args.out))
    spark.stop()
    print(f"exported {len(counts)} table(s) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
