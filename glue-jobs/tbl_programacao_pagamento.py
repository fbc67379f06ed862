"""Glue job tbl_programacao_pagamento: recompute every invoice's installment schedule and make the
table equal to it (key ID_NF_ENTRADA, NUM_PARCELA). Reads notas_fiscais_entrada and
condicao_pagamento.

Arguments: --AWS_WAREHOUSE; optional --RUN_DATE yyyy-MM-dd ("today" for PAGO/PENDENTE; default the
current UTC date).
"""

import datetime as dt

from external_libs.iceberg import merge_upsert
from external_libs.io import read_table
from external_libs.job import start_job
from external_libs.rules import schedule


def main(argv=None):
    args, spark = start_job(
        "tbl_programacao_pagamento", [], {"RUN_DATE": None}, argv=argv
    )
    today = (
        dt.date.fromisoformat(args["RUN_DATE"])
        if args["RUN_DATE"]
        else dt.datetime.now(dt.UTC).date()
    )
    rows = schedule.programacao_pagamento(
        read_table(spark, "notas_fiscais_entrada"),
        read_table(spark, "condicao_pagamento"),
        today,
    )
    # Fix 9.5: the schedule is the complete desired content: stale installments are deleted.
    merge_upsert(
        spark,
        rows,
        "programacao_pagamento",
        ["ID_NF_ENTRADA", "NUM_PARCELA"],
        delete_missing=True,
    )


if __name__ == "__main__":
    main()
