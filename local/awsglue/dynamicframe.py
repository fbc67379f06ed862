"""`DynamicFrame` for local runs: a thin wrapper of a DataFrame (to and from only)."""

from __future__ import annotations

from typing import Any

from awsglue._unavailable import RefusingAttributes, unavailable_module_attr
from pyspark.sql import DataFrame


class DynamicFrame(RefusingAttributes):
    def __init__(self, df: DataFrame, glue_ctx: Any = None, name: str = "") -> None:
        if not isinstance(df, DataFrame):
            raise TypeError(
                f"DynamicFrame wraps a pyspark DataFrame, not {type(df).__name__}"
            )
        self._df = df
        self.glue_ctx = glue_ctx
        self.name = name

    @classmethod
    def fromDF(cls, dataframe: DataFrame, glue_ctx: Any, name: str) -> DynamicFrame:  # noqa: N802
        return cls(dataframe, glue_ctx, name)

    def toDF(self, options: Any = None) -> DataFrame:  # noqa: N802 (Glue's name)
        if options:
            from awsglue._unavailable import refuse

            refuse("DynamicFrame.toDF(options)")
        return self._df

    def count(self) -> int:
        return self._df.count()

    def show(self, num_rows: int = 20) -> None:
        self._df.show(num_rows)

    def printSchema(self) -> None:  # noqa: N802 (Glue's name)
        self._df.printSchema()


__getattr__ = unavailable_module_attr(__name__)
