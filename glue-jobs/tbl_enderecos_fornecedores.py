"""Glue job tbl_enderecos_fornecedores: upsert supplier addresses from the stage
(key CEP, ID_FORNECEDOR, ID_TIPO_ENDERECO). Reads tables fornecedores and tipo_endereco.

Arguments: --WORK_PATH, --AWS_WAREHOUSE.
"""

from external_libs.iceberg import merge_upsert
from external_libs.io import read_stage, read_table
from external_libs.job import start_job
from external_libs.rules import suppliers


def main(argv=None):
    args, spark = start_job("tbl_enderecos_fornecedores", ["WORK_PATH"], argv=argv)
    db = args["DATABASE"]
    rows = suppliers.enderecos_fornecedores(
        read_stage(spark, args["WORK_PATH"]),
        read_table(spark, "fornecedores", db),
        read_table(spark, "tipo_endereco", db),
    )
    merge_upsert(
        spark,
        rows,
        "enderecos_fornecedores",
        ["CEP", "ID_FORNECEDOR", "ID_TIPO_ENDERECO"],
        database=db,
    )


if __name__ == "__main__":
    main()
