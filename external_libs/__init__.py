"""Shared code of the "compras" Glue jobs.

Shipped to Glue as one zip (`--extra-py-files`) whose top-level entry is this folder, so a job does
`from external_libs import ...` on Glue and locally alike. Nothing here imports `awsglue`: every
module runs under plain PySpark.
"""

CATALOG = "glue_catalog"
DATABASE = "compras"


def table_name(table: str, database: str = DATABASE) -> str:
    """Fully qualified Iceberg table name, e.g. `glue_catalog.compras.cep`."""
    return f"{CATALOG}.{database}.{table}"
