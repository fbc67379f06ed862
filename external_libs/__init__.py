"""Shared code of the "compras" Glue jobs.

Shipped to Glue as one zip (`--extra-py-files`) whose top-level entry is this folder, so a job does
`from external_libs import ...` on Glue and locally alike. Nothing here imports `awsglue`: every
module runs under plain PySpark.
"""

import re

CATALOG = "glue_catalog"
# The database when the job argument --DATABASE is not given (local runs, tests). On AWS each
# environment has its own (infra/bootstrap.yml: compras_dev, compras_prod, compras_preview).
DATABASE = "compras"
# Glue Data Catalog database names: lower-case letters, digits and "_" (the same pattern as the
# bootstrap's *DatabaseName parameters).
_DATABASE_NAME = re.compile(r"[a-z0-9_]{1,255}")


def check_database(name: str) -> str:
    """`name` if it is a valid Glue database name, else a ValueError naming the job argument."""
    if not isinstance(name, str) or not _DATABASE_NAME.fullmatch(name):
        raise ValueError(
            f"job argument --DATABASE: {name!r} is not a Glue database name (1 to 255 "
            "lower-case letters, digits or _); pass the environment's database, e.g. "
            "--DATABASE compras_dev (infra/bootstrap.yml, parameter DevDatabaseName)"
        )
    return name


def table_name(table: str, database: str = DATABASE) -> str:
    """Fully qualified Iceberg table name, e.g. glue_catalog.`compras`.cep.

    The database is quoted: a valid Glue name such as `2024` or `1e5` would not parse unquoted."""
    return f"{CATALOG}.`{check_database(database)}`.{table}"
