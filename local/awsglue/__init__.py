"""A local stand-in for AWS Glue's `awsglue` library (the part a PySpark job commonly uses).

Available: `awsglue.utils.getResolvedOptions` (Glue's argument semantics), `GlueContext`
(`spark_session`, `get_logger`, DynamicFrame <-> DataFrame), `Job.init/commit`, `DynamicFrame`
(`fromDF`, `toDF`, `count`, `show`, `printSchema`). Anything else raises `NotAvailableLocally`,
whose message names what the job asked for, so a job never silently does less than on Glue.
"""

from awsglue._unavailable import NotAvailableLocally, unavailable_module_attr
from awsglue.dynamicframe import DynamicFrame

__all__ = ["DynamicFrame", "NotAvailableLocally"]

__getattr__ = unavailable_module_attr(__name__)
