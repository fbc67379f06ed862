"""Glue job create_tables: the database (--DATABASE, default `compras`) and its 7 Iceberg tables
from the DDL files.

Root of the graph; idempotent (IF NOT EXISTS). Replaces the original's manual Athena step.
Arguments: --AWS_WAREHOUSE, --DDL_PATH (folder of db/*.sql, e.g. s3://bucket/prefix/src_code/db);
optional --DATABASE, like every job of the pipeline.
"""

from external_libs.ddl import apply_ddl, read_ddl_files
from external_libs.job import start_job
from external_libs.spark_session import catalog_kind


def main(argv=None):
    args, spark = start_job("create_tables", ["DDL_PATH"], argv=argv)
    db = args["DATABASE"]
    files = read_ddl_files(spark, args["DDL_PATH"])
    if not files:
        raise SystemExit(f"no *.sql file under {args['DDL_PATH']}")
    kind = catalog_kind(args["AWS_WAREHOUSE"], args["ICEBERG_CATALOG"])
    apply_ddl(spark, files, args["AWS_WAREHOUSE"], kind, db)


if __name__ == "__main__":
    main()
