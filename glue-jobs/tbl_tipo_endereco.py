"""Glue job tbl_tipo_endereco: upsert address types (key ID_TIPO_ENDERECO).

Arguments: --SOURCE_PATH, --AWS_WAREHOUSE.
"""

from external_libs.iceberg import merge_upsert
from external_libs.io import read_tipo_endereco_file
from external_libs.job import start_job
from external_libs.rules import references


def main(argv=None):
    args, spark = start_job("tbl_tipo_endereco", ["SOURCE_PATH"], argv=argv)
    db = args["DATABASE"]
    rows = references.tipo_endereco(read_tipo_endereco_file(spark, args["SOURCE_PATH"]))
    merge_upsert(spark, rows, "tipo_endereco", ["ID_TIPO_ENDERECO"], database=db)


if __name__ == "__main__":
    main()
