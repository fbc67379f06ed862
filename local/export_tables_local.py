"""Exports a local run's results (`npm run local -- --export OUT`) with local/export.py.

    python local/export_tables_local.py --endpoint http://127.0.0.1:PORT --out DIR [--work-path S3_URI]

Opens a Spark session like a job's (local/run_glue_job.py's defaults) with the catalog
`glue_catalog` = Iceberg's GlueCatalog on the emulator, then writes every Iceberg table and, given
the run's --WORK_PATH, the example pipeline's stage and rejects found there
(`export_tables(..., extra=work_outputs(...))`): `<name>.csv` files and `row-counts.csv`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

LOCAL = Path(__file__).resolve().parent
sys.path[:0] = [str(LOCAL), str(LOCAL.parent)]

from run_glue_job import spark_defaults, write_spark_conf  # noqa: E402

from local.export import export_tables, work_outputs  # noqa: E402

CATALOG = "glue_catalog"


def session(endpoint: str):
    # The conf folder is read when the JVM starts, so it goes once the session exists.
    with tempfile.TemporaryDirectory(prefix="export-spark-conf-") as conf_dir:
        write_spark_conf(
            Path(conf_dir), spark_defaults(endpoint, os.cpu_count() or 2, {})
        )
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
            .config(prefix, "org.apache.iceberg.spark.SparkCatalog")
            .config(f"{prefix}.catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog")
            .config(f"{prefix}.io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
            .getOrCreate()
        )


def s3a(uri: str) -> str:
    """The run's s3:// location read through Hadoop's S3A (pointed at the emulator)."""
    return "s3a://" + uri.split("://", 1)[1] if uri.startswith("s3://") else uri


def export(spark, out_dir: Path, work_path: str | None = None) -> dict[str, int]:
    extra = work_outputs(spark, s3a(work_path)) if work_path else None
    return export_tables(spark, out_dir, catalog=CATALOG, extra=extra)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--work-path", help="the run's --WORK_PATH (stage and rejects)")
    args = parser.parse_args(argv)
    spark = session(args.endpoint)
    spark.sparkContext.setLogLevel("ERROR")
    counts = export(spark, Path(args.out), args.work_path)
    spark.stop()
    print(f"exported {len(counts)} table(s) and file(s) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
