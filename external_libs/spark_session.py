"""Spark session with the Iceberg catalog `glue_catalog`, on Glue or locally.

Catalog kind ("glue" or "hadoop") comes from the job argument / env var ICEBERG_CATALOG; when unset
it is "glue" for an `s3://` warehouse and "hadoop" for anything else (a local folder). The hadoop
kind also applies the local settings for a small machine (local[2], no UI, loopback, UTC) and adds the
Iceberg runtime jar (env ICEBERG_JAR, default `.cache/jars/...` of this repository).
"""

from __future__ import annotations

import os
from pathlib import Path

from pyspark.sql import SparkSession

from external_libs import CATALOG

ICEBERG_JAR_NAME = "iceberg-spark-runtime-3.5_2.12-1.7.1.jar"
_REPO_ROOT = Path(__file__).resolve().parent.parent


def catalog_kind(warehouse: str, override: str | None = None) -> str:
    kind = (override or os.environ.get("ICEBERG_CATALOG") or "").strip().lower()
    if not kind:
        kind = "glue" if warehouse.startswith("s3://") else "hadoop"
    if kind not in ("glue", "hadoop"):
        raise ValueError(f"ICEBERG_CATALOG must be 'glue' or 'hadoop', not {kind!r}")
    return kind


def local_warehouse_uri(warehouse: str) -> str:
    """A local warehouse folder as an absolute file: URI (Hadoop catalog paths must be absolute)."""
    if "://" in warehouse or warehouse.startswith("file:"):
        return warehouse
    return Path(warehouse).resolve().as_uri()


def spark_conf(warehouse: str, kind: str) -> dict[str, str]:
    """Every setting the session needs, as a plain dict (tested without starting Spark)."""
    prefix = f"spark.sql.catalog.{CATALOG}"
    conf = {
        "spark.sql.extensions": (
            "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions"
        ),
        prefix: "org.apache.iceberg.spark.SparkCatalog",
        "spark.sql.sources.partitionOverwriteMode": "dynamic",
        "spark.sql.iceberg.handle-timestamp-without-timezone": "true",
        # The rules rely on casts yielding NULL, Spark 3.5's default; pin it so a cluster default
        # cannot turn bad input into a failed job.
        "spark.sql.ansi.enabled": "false",
        # Strict ISO dates: an unparsable date is NULL instead of a SparkUpgradeException.
        "spark.sql.legacy.timeParserPolicy": "CORRECTED",
        # Iceberg's vectorized (Arrow, off-heap) Parquet reads crashed the JVM (SIGSEGV) when the
        # stage joined 1M purchase lines with the `cep` table; row reads did not. The tables this
        # pipeline reads are small or read once, so row-based reads cost next to nothing.
        "spark.sql.iceberg.vectorization.enabled": "false",
    }
    if kind == "glue":
        conf.update(
            {
                f"{prefix}.catalog-impl": "org.apache.iceberg.aws.glue.GlueCatalog",
                f"{prefix}.io-impl": "org.apache.iceberg.aws.s3.S3FileIO",
                f"{prefix}.warehouse": warehouse,
            }
        )
    else:
        jar = os.environ.get("ICEBERG_JAR") or str(
            _REPO_ROOT / ".cache" / "jars" / ICEBERG_JAR_NAME
        )
        conf.update(
            {
                f"{prefix}.type": "hadoop",
                f"{prefix}.warehouse": local_warehouse_uri(warehouse),
                "spark.jars": jar,
                "spark.master": os.environ.get("SPARK_MASTER", "local[2]"),
                "spark.sql.shuffle.partitions": "2",
                "spark.default.parallelism": "2",
                "spark.ui.enabled": "false",
                "spark.ui.showConsoleProgress": "false",
                "spark.driver.host": "127.0.0.1",
                "spark.driver.bindAddress": "127.0.0.1",
                "spark.sql.session.timeZone": "UTC",
                "spark.driver.memory": os.environ.get("SPARK_DRIVER_MEMORY", "2g"),
                # SerialGC + C1 only halve the JVM's CPU on small data (measured on this project's
                # 2-core machines).
                "spark.driver.extraJavaOptions": (
                    "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Duser.timezone=UTC"
                ),
            }
        )
    return conf


def build_spark_session(
    app_name: str, warehouse: str, kind: str | None = None
) -> SparkSession:
    """The job's session; returns the already running one in the same process (local test runs)."""
    kind = catalog_kind(warehouse, kind)
    builder = SparkSession.builder.appName(app_name)
    for key, value in spark_conf(warehouse, kind).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()
