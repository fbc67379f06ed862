"""For test/e2e/local-run.test.ts: after a local run of the example pipeline, export its tables
(local/export_tables_local.py) and print, as one JSON line, each table's row count and checksum
next to what the pipeline tests expect (expected.TABLE_ROWS, expected.CHECKSUMS).

    .venv/bin/python test/python/local_run_tables.py --endpoint URL --out DIR
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1] / "local"), str(HERE.parents[1])]

import expected  # noqa: E402
from export_tables_local import CATALOG, export, session  # noqa: E402
from pipeline_runner import TABLES, checksum  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    spark = session(args.endpoint)
    spark.sparkContext.setLogLevel("ERROR")
    exported = export(spark, Path(args.out))
    actual = {}
    for table in TABLES:
        rows = spark.table(f"{CATALOG}.compras.{table}").collect()
        actual[table] = {"rows": len(rows), "checksum": checksum(rows)}
    spark.stop()
    want = {
        t: {"rows": expected.TABLE_ROWS[t], "checksum": expected.CHECKSUMS[t]}
        for t in TABLES
    }
    print(json.dumps({"actual": actual, "expected": want, "exported": exported}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
