"""The common start of every job script: arguments, logging, Spark session."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence

from pyspark.sql import SparkSession

from external_libs import DATABASE, check_database
from external_libs.job_args import get_job_args
from external_libs.spark_session import build_spark_session


def start_job(
    name: str,
    required: Iterable[str],
    optional: Mapping[str, str | None] | None = None,
    argv: Sequence[str] | None = None,
) -> tuple[dict[str, str | None], SparkSession]:
    """Resolve the job's arguments (AWS_WAREHOUSE is always required; ICEBERG_CATALOG and
    DATABASE, the Glue database of the tables, default `compras`, are optional) and return them
    with the Spark session. A bad database name stops the job before Spark starts."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    names = list(dict.fromkeys([*required, "AWS_WAREHOUSE"]))
    args = get_job_args(
        names, {"ICEBERG_CATALOG": None, "DATABASE": DATABASE, **(optional or {})}, argv
    )
    check_database(args["DATABASE"])
    spark = build_spark_session(name, args["AWS_WAREHOUSE"], args["ICEBERG_CATALOG"])
    logging.getLogger(name).info("started with %s", {k: v for k, v in args.items()})
    return args, spark
