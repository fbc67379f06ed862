"""For test/e2e/local-run.test.ts: after a local run of the example pipeline, print as one JSON line
each table's row count and checksum next to what the pipeline tests expect (expected.TABLE_ROWS,
expected.CHECKSUMS), and the row counts an `--export` must list (tables, stage and rejects).

    .venv/bin/python test/python/local_run_tables.py --endpoint URL
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1] / "local"), str(HERE.parents[1])]

import expected  # noqa: E402
from export_tables_local import CATALOG, session  # noqa: E402
from pipeline_runner import TABLES, checksum  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    args = parser.parse_args()
    spark = session(args.endpoint)
    spark.sparkContext.setLogLevel("ERROR")
    actual = {}
    for table in TABLES:
        rows = spark.table(f"{CATALOG}.compras.{table}").collect()
        actual[table] = {"rows": len(rows), "checksum": checksum(rows)}
    spark.stop()
    want = {
        t: {"rows": expected.TABLE_ROWS[t], "checksum": expected.CHECKSUMS[t]}
        for t in TABLES
    }
    export_counts = {f"compras.{t}": n for t, n in expected.TABLE_ROWS.items()}
    export_counts["work_files.compras"] = expected.STAGE_ROWS
    export_counts["work_files.rejected_compras_stg"] = expected.REJECTED_ROWS
    print(
        json.dumps(
            {
                "actual": actual,
                "expected": want,
                "exportCounts": dict(sorted(export_counts.items())),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
