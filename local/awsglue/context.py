"""`GlueContext` for local runs: the Spark session and a logger; nothing Glue-specific."""

from __future__ import annotations

import logging
import sys
from typing import Any

from awsglue._unavailable import RefusingAttributes, unavailable_module_attr
from awsglue.dynamicframe import DynamicFrame
from pyspark import SparkContext
from pyspark.sql import DataFrame, SparkSession


class GlueLogger:
    """Glue's `get_logger()` writes through log4j to the driver's stderr; so does this one."""

    def __init__(self, name: str = "GlueLogger") -> None:
        self._log = logging.getLogger(name)
        if not self._log.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(
                logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
            )
            self._log.addHandler(handler)
            self._log.setLevel(logging.INFO)
            self._log.propagate = False

    def info(self, msg: Any) -> None:
        self._log.info(msg)

    def warn(self, msg: Any) -> None:
        self._log.warning(msg)

    warning = warn

    def error(self, msg: Any) -> None:
        self._log.error(msg)

    def debug(self, msg: Any) -> None:
        self._log.debug(msg)


class GlueContext(RefusingAttributes):
    def __init__(
        self, spark_context: SparkContext | None = None, **_options: Any
    ) -> None:
        self._sc = spark_context or SparkContext.getOrCreate()
        self.spark_session = SparkSession.builder.getOrCreate()

    @property
    def sparkSession(self) -> SparkSession:  # noqa: N802 (Glue's alias)
        return self.spark_session

    def getSparkSession(self) -> SparkSession:  # noqa: N802 (Glue's name)
        return self.spark_session

    @property
    def sc(self) -> SparkContext:
        return self._sc

    def get_logger(self) -> GlueLogger:
        return GlueLogger()

    def create_dynamic_frame_from_df(
        self, df: DataFrame, name: str = ""
    ) -> DynamicFrame:
        return DynamicFrame.fromDF(df, self, name)


__getattr__ = unavailable_module_attr(__name__)
