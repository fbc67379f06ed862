#!/usr/bin/env bash
# Run jobs of the example pipeline locally against the sample data, in one Spark process:
#   scripts/run-job-local.sh <job> [--NAME value ...]   one job (e.g. tbl_cep)
#   scripts/run-job-local.sh --with-deps <job> [...]    that job after everything it depends on
#   scripts/run-job-local.sh all --RUN_DATE 2024-09-01  the whole graph, in order
#   scripts/run-job-local.sh --fresh all ...            start from an empty warehouse and work area
#   scripts/run-job-local.sh --export OUT [all ...]     then every table, the stage and the rejects
#                                                        as sorted CSVs + OUT/row-counts.csv
# Extra --NAME value pairs are passed to every job; --DATABASE NAME is the tables' database (default
# compras). Without --RUN_DATE the PAGO/PENDENTE status depends on today's date. Paths (environment
# or --NAME value; relative = from your current directory): SOURCE_PATH=data,
# WORK_PATH=.cache/local/work_files, AWS_WAREHOUSE=.cache/local/databases (Hadoop catalog),
# DDL_PATH=db. Details: docs/example-pipeline.md, "Run it locally". Needs scripts/setup.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -lt 1 ]; then
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
[ -x "$root/.venv/bin/python" ] && [ -f "$root/.cache/jars/iceberg-spark-runtime-3.5_2.12-1.7.1.jar" ] || bash "$root/scripts/setup.sh"
export ICEBERG_CATALOG="${ICEBERG_CATALOG:-hadoop}"
export SPARK_LOCAL_IP=127.0.0.1
export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"
# Runs from the caller's directory so relative paths are theirs (local/run_jobs.py resolves them).
exec "$root/.venv/bin/python" -m local.run_jobs "$@"
