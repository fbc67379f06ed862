"""Glue job stg_compras_parquet: clean and validate compras.csv; write the Parquet stage and the
rejects CSV (both overwritten) under WORK_PATH.

Validates CEP, payment condition and address type against the reference *tables* (one source of
truth; the original looked CEPs up in the CSV file and conditions in a hard-coded mapping), so it
runs after tbl_cep, tbl_condicao_pagamento and tbl_tipo_endereco.
Arguments: --SOURCE_PATH, --WORK_PATH, --AWS_WAREHOUSE; optional --REPORT_UNKNOWN_ADDRESS_TYPE
true|false (default false). An unknown address type never rejects a line (its supplier, invoice and
installments are loaded; only the address is left out of enderecos_fornecedores); with `true` such
lines are also listed in the rejects with reason `invalid address type`, while staying in the stage
(docs/example-pipeline.md, "Rules", rule R1).
"""

from external_libs.io import read_compras, read_table, write_rejects, write_stage
from external_libs.job import start_job
from external_libs.job_args import flag_arg
from external_libs.rules import staging


def main(argv=None):
    args, spark = start_job(
        "stg_compras_parquet",
        ["SOURCE_PATH", "WORK_PATH"],
        {"REPORT_UNKNOWN_ADDRESS_TYPE": None},
        argv=argv,
    )
    db = args["DATABASE"]
    report = flag_arg(args, "REPORT_UNKNOWN_ADDRESS_TYPE")
    flagged = staging.flag(
        staging.normalise(read_compras(spark, args["SOURCE_PATH"])),
        read_table(spark, "cep", db),
        read_table(spark, "condicao_pagamento", db),
        read_table(spark, "tipo_endereco", db),
        report_unknown_address_type=report,
    ).cache()  # both outputs come from it: read and validate once
    try:
        write_stage(staging.valid_rows(flagged), args["WORK_PATH"])
        write_rejects(staging.rejected_rows(flagged), args["WORK_PATH"])
    finally:
        flagged.unpersist()


if __name__ == "__main__":
    main()
