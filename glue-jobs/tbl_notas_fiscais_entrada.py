"""Glue job tbl_notas_fiscais_entrada: upsert inbound invoices from the stage (key NUMERO_NF).
Reads tables fornecedores and condicao_pagamento.

Arguments: --WORK_PATH, --AWS_WAREHOUSE.
"""

from external_libs.iceberg import merge_upsert
from external_libs.io import read_stage, read_table
from external_libs.job import start_job
from external_libs.rules import invoices


def main(argv=None):
    args, spark = start_job("tbl_notas_fiscais_entrada", ["WORK_PATH"], argv=argv)
    db = args["DATABASE"]
    rows = invoices.notas_fiscais_entrada(
        read_stage(spark, args["WORK_PATH"]),
        read_table(spark, "fornecedores", db),
        read_table(spark, "condicao_pagamento", db),
    )
    merge_upsert(spark, rows, "notas_fiscais_entrada", ["NUMERO_NF"], database=db)


if __name__ == "__main__":
    main()
