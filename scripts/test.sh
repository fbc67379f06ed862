#!/usr/bin/env bash
# The whole test suite (README's second command; .ci/run calls it).
# Installs what it needs, lints, builds dist/, runs vitest (unit, integration against the local
# AWS emulator, end-to-end on dist/index.js) and pytest (the example pipeline on real Spark),
# then prints one closing "N passed, N failed" line for both runners together.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bash scripts/setup.sh || exit 1
bash scripts/lint.sh || exit 1

echo "== build dist/"
npm run build --silent -- --quiet || exit 1

mkdir -p .cache
rm -f .cache/vitest.json .cache/pytest.xml # a stale report must never count
echo "== vitest (node $(bash scripts/node24.sh --version))"
bash scripts/node24.sh node_modules/vitest/vitest.mjs run --reporter=default --reporter=json \
  --outputFile.json=.cache/vitest.json
ts_rc=$?

echo "== pytest"
.venv/bin/python -m pytest test/python -q -p no:cacheprovider --junitxml=.cache/pytest.xml
py_rc=$?

.venv/bin/python - <<'PY'
import json, xml.etree.ElementTree as ET
passed = failed = skipped = 0
try:
    r = json.load(open(".cache/vitest.json"))
    passed += r.get("numPassedTests", 0)
    failed += r.get("numFailedTests", 0) + (1 if r.get("numFailedTestSuites", 0) and not r.get("numFailedTests") else 0)
    skipped += r.get("numPendingTests", 0) + r.get("numTodoTests", 0)
except Exception as e:  # no report at all is a failure
    print(f"vitest report missing: {e}"); failed += 1
try:
    s = ET.parse(".cache/pytest.xml").getroot()
    s = s if s.tag == "testsuite" else s.find("testsuite")
    t, f, e, sk = (int(s.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
    passed += t - f - e - sk; failed += f + e; skipped += sk
except Exception as e:
    print(f"pytest report missing: {e}"); failed += 1
print(f"total: {passed} passed, {failed} failed, {skipped} skipped")
PY
[ $ts_rc -eq 0 ] && [ $py_rc -eq 0 ]
