"""Glue job tbl_programacao_pagamento: recompute every invoice's installment schedule and upsert it
(key ID_NF_ENTRADA, NUM_PARCELA). Reads notas_fiscais_entrada and condicao_pagamento.

Arguments: --AWS_WAREHOUSE; optional --RUN_DATE yyyy-MM-dd ("today" for PAGO/PENDENTE; default the
current UTC date, so without it the status depends on the day of the run); optional
--PRUNE_STALE_PENDING true|false (default false).

Stored installments that this run no longer computes are never deleted by default, PAGO ones
above all (docs/example-pipeline.md, "Rules", rule R2). With --PRUNE_STALE_PENDING true the stale
ones that are still PENDENTE are deleted (e.g. the invoice's condition now has fewer installments).
"""

import datetime as dt

from external_libs.io import read_table
from external_libs.job import start_job
from external_libs.job_args import flag_arg
from external_libs.rules import schedule


def run_date(value: str | None) -> dt.date:
    """RUN_DATE as a date (today in UTC when absent); a clear error for anything but yyyy-MM-dd."""
    if not value:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"job argument --RUN_DATE: expected yyyy-MM-dd, got {value!r}"
        ) from None


def main(argv=None):
    args, spark = start_job(
        "tbl_programacao_pagamento",
        [],
        {"RUN_DATE": None, "PRUNE_STALE_PENDING": None},
        argv=argv,
    )
    db = args["DATABASE"]
    today = run_date(args["RUN_DATE"])
    prune = flag_arg(args, "PRUNE_STALE_PENDING")
    rows = schedule.programacao_pagamento(
        read_table(spark, "notas_fiscais_entrada", db),
        read_table(spark, "condicao_pagamento", db),
        today,
    )
    schedule.upsert_schedule(spark, rows, prune_stale_pending=prune, database=db)


if __name__ == "__main__":
    main()
