"""Glue job tbl_fornecedores: upsert suppliers from the stage (key CNPJ).

Arguments: --WORK_PATH, --AWS_WAREHOUSE.
"""

from external_libs.iceberg import merge_upsert
from external_libs.io import read_stage
from external_libs.job import start_job
from external_libs.rules import suppliers


def main(argv=None):
    args, spark = start_job("tbl_fornecedores", ["WORK_PATH"], argv=argv)
    db = args["DATABASE"]
    rows = suppliers.fornecedores(read_stage(spark, args["WORK_PATH"]))
    merge_upsert(spark, rows, "fornecedores", ["CNPJ"], database=db)


if __name__ == "__main__":
    main()
