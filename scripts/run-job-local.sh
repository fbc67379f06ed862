#!/usr/bin/env bash
# Run jobs of the example pipeline locally against the sample data, in one Spark process:
#   scripts/run-job-local.sh <job> [--NAME value ...]   one job (e.g. tbl_cep)
#   scripts/run-job-local.sh --with-deps <job> [...]    that job after everything it depends on
#   scripts/run-job-local.sh all [...]                  the whole graph, in order
# Extra --NAME value pairs are passed to every job (e.g. --RUN_DATE 2024-09-01).
# Paths (override through the environment): SOURCE_PATH=data, WORK_PATH=.cache/local/work_files,
# AWS_WAREHOUSE=.cache/local/databases (Hadoop catalog), DDL_PATH=db. Needs scripts/setup.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ $# -lt 1 ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
[ -x .venv/bin/python ] && [ -f .cache/jars/iceberg-spark-runtime-3.5_2.12-1.7.1.jar ] || bash scripts/setup.sh
export SOURCE_PATH="${SOURCE_PATH:-$root/data}"
export WORK_PATH="${WORK_PATH:-$root/.cache/local/work_files}"
export AWS_WAREHOUSE="${AWS_WAREHOUSE:-$root/.cache/local/databases}"
export DDL_PATH="${DDL_PATH:-$root/db}"
export ICEBERG_CATALOG="${ICEBERG_CATALOG:-hadoop}"
export SPARK_LOCAL_IP=127.0.0.1
export PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p "$WORK_PATH" "$AWS_WAREHOUSE"

exec .venv/bin/python - "$@" <<'PY'
import runpy
import sys
from pathlib import Path

import yaml

manifest = yaml.safe_load(Path("glue-jobs/pipeline.yml").read_text())
deps = {n: list((s or {}).get("depends-on", [])) for n, s in manifest["jobs"].items()}
args = sys.argv[1:]
with_deps = args[0] == "--with-deps"
if with_deps:
    args = args[1:]
target, extra = args[0], args[1:]
if target != "all" and target not in deps:
    sys.exit(f"unknown job {target!r}; jobs: {', '.join(deps)}")

wanted = set(deps) if target == "all" else {target}
if with_deps:
    todo = [target]
    while todo:
        for d in deps[todo.pop()]:
            if d not in wanted:
                wanted.add(d)
                todo.append(d)
order = []
while len(order) < len(wanted):  # graph order, manifest order among ready jobs
    order.append(next(n for n in deps if n in wanted and n not in order and all(d in order for d in deps[n] if d in wanted)))

for name in order:
    print(f"== {name}", flush=True)
    sys.argv = [f"glue-jobs/{name}.py", *extra]
    runpy.run_path(f"glue-jobs/{name}.py", run_name="__main__")
from pyspark.sql import SparkSession  # noqa: E402

spark = SparkSession.getActiveSession()
print(f"done: {', '.join(order)}")
for (table,) in spark.sql("SHOW TABLES IN glue_catalog.compras").select("tableName").collect():
    print(f"  compras.{table}: {spark.table(f'glue_catalog.compras.{table}').count()} rows")
PY
