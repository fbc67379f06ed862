"""Glue job tbl_condicao_pagamento: upsert payment conditions (key ID_CONDICAO).

Arguments: --SOURCE_PATH, --AWS_WAREHOUSE.
"""

from external_libs.iceberg import merge_upsert
from external_libs.io import read_condicao_pagamento_file
from external_libs.job import start_job
from external_libs.rules import references


def main(argv=None):
    args, spark = start_job("tbl_condicao_pagamento", ["SOURCE_PATH"], argv=argv)
    db = args["DATABASE"]
    rows = references.condicao_pagamento(
        read_condicao_pagamento_file(spark, args["SOURCE_PATH"])
    )
    merge_upsert(spark, rows, "condicao_pagamento", ["ID_CONDICAO"], database=db)


if __name__ == "__main__":
    main()
