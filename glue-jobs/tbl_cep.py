"""Glue job tbl_cep: upsert the postal-code reference file into table `cep` (key CEP).

Arguments: --SOURCE_PATH, --AWS_WAREHOUSE.
"""

from external_libs.iceberg import merge_upsert
from external_libs.io import read_cep_file
from external_libs.job import start_job
from external_libs.rules import references


def main(argv=None):
    args, spark = start_job("tbl_cep", ["SOURCE_PATH"], argv=argv)
    db = args["DATABASE"]
    rows = references.cep(read_cep_file(spark, args["SOURCE_PATH"]))
    merge_upsert(spark, rows, "cep", ["CEP"], database=db)


if __name__ == "__main__":
    main()
